import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BotParts } from '../../bot/bot.js';
import type { WebChannel } from '../../bot/channel/web-channel.js';
import { readConfig } from '../../bot/config.js';
import { createHttpServer } from '../../bot/http-server.js';
import { createSite, type Site, type SiteOptions } from '../../bot/site.js';

export type WebServer = {
  url: string;
  parts: BotParts;
  channel: WebChannel;
  /** everything else the site built (readiness, metrics, the staff sign-in, …) */
  site: Site;
  /** stops listening and closes the database; the data directory stays (restart tests) */
  stop: () => Promise<void>;
};

/** `port`: only to restart a server where its clients expect it (restart tests); otherwise a free one. */
export type WebServerOptions = { env?: Record<string, string>; dataDir?: string; now?: () => Date; port?: number; overrides?: SiteOptions };

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'montonio-chat-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The whole site, as main.ts builds it, listening on a free port. `now` is the token clock (expiry tests). */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const config = readConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATA_DIR: options.dataDir ?? ':memory:', ...options.env });
  const site = await createSite(config, { tokenNow: options.now, ...options.overrides });
  const server: Server = createHttpServer(site.app, config).listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  site.attach(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    parts: site.bot,
    channel: site.channel,
    site,
    async stop() {
      site.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await site.closeStorage();
    },
  };
}
