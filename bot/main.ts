import type { AddressInfo } from 'node:net';
import { readConfig } from './config.js';
import { createHttpServer } from './http-server.js';
import { createSite } from './site.js';

const { config, site } = await boot();
const { logger } = site.bot;
const server = createHttpServer(site.app, config).listen(config.PORT, config.HOST, () => {
  // The port actually bound: PORT=0 asks for a free one (tests that run the real process read it from here).
  const { port } = server.address() as AddressInfo;
  logger.info('listening', { url: `http://localhost:${port}`, agentConsole: `http://localhost:${port}/agent`, auth: config.MicrosoftAppId ? 'bot-framework' : 'none' });
});
site.attach(server);
const stopRetention = config.RETENTION_DAYS > 0 ? site.retention.schedule() : () => {};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopRetention();
    site.close();
    server.close(() => {
      site.bot.database.close();
      process.exit(0);
    });
    // Open consoles' event streams and widget polls would otherwise hold the close.
    server.closeAllConnections();
  });
}

/** Setup errors at boot (settings, content, the data folder) are sentences meant for the operator: print just that. */
async function boot() {
  try {
    const config = readConfig();
    return { config, site: await createSite(config) };
  } catch (error) {
    process.stderr.write(`The bot could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
