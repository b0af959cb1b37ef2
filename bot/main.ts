import type { AddressInfo } from 'node:net';
import { readConfig } from './config.js';
import { createHttpServer } from './http-server.js';
import { createSite } from './site.js';

const config = readConfig();
const site = await createSite(config);
const { logger } = site.parts;
const server = createHttpServer(site.app, config).listen(config.PORT, config.HOST, () => {
  // The port actually bound: PORT=0 asks for a free one (tests that run the real process read it from here).
  const { port } = server.address() as AddressInfo;
  logger.info('listening', { url: `http://localhost:${port}`, agentConsole: `http://localhost:${port}/agent`, auth: config.MicrosoftAppId ? 'bot-framework' : 'none' });
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
