import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../../bot/config.js';
import { createHttpServer } from '../../bot/http-server.js';
import { createSite, type Site } from '../../bot/site.js';

/** The whole site in this process on a free port, with the site itself at hand (readiness, metrics). */
export async function startSite(env: Record<string, string> = {}): Promise<{ url: string; site: Site; server: Server; stop: () => Promise<void> }> {
  const config = readConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATA_DIR: ':memory:', CONTENT_WATCH: 'false', ...env });
  const site = await createSite(config);
  const server = createHttpServer(site.app, config).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  site.attach(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    site,
    server,
    async stop() {
      site.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (site.bot.database.open) site.bot.database.close();
    },
  };
}
