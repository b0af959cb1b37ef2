import { readConfig } from './config.js';
import { createSite } from './site.js';

const config = readConfig();
const site = await createSite(config);
const { logger } = site.parts;
const server = site.app.listen(config.PORT, config.HOST, () => {
  logger.info('listening', { url: `http://localhost:${config.PORT}`, agentConsole: `http://localhost:${config.PORT}/agent`, auth: config.MicrosoftAppId ? 'bot-framework' : 'none' });
});
site.attach(server);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    site.close();
    server.close(() => {
      site.parts.database.close();
      process.exit(0);
    });
    // Open consoles' event streams and widget polls would otherwise hold the close.
    server.closeAllConnections();
  });
}
