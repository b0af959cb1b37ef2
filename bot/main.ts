import { createApp } from './app.js';
import { readConfig } from './config.js';
import { createServer } from './server.js';

const parts = createApp(readConfig());
const server = createServer(parts).listen(parts.config.PORT, parts.config.HOST, () => {
  parts.logger.info('listening', { url: `http://localhost:${parts.config.PORT}`, auth: parts.config.MicrosoftAppId ? 'bot-framework' : 'none' });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
