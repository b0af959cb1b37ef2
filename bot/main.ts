import type { AddressInfo } from 'node:net';
import { readConfig } from './config.js';
import { createHttpServer } from './http-server.js';
import { createShutdown } from './ops/shutdown.js';
import { createSite } from './site.js';

// No top-level await: the compiled server is one CommonJS file (scripts/build.ts), which cannot wait at its top.
void boot().then(serve);

function serve({ config, site }: Awaited<ReturnType<typeof boot>>): void {
  const { logger } = site.bot;
  const server = createHttpServer(site.app, config).listen(config.PORT, config.HOST, () => {
    // The port actually bound: PORT=0 asks for a free one (tests that run the real process read it from here).
    const { port } = server.address() as AddressInfo;
    logger.info('listening', {
      url: `http://localhost:${port}`,
      agentConsole: `http://localhost:${port}/agent`,
      auth: config.MicrosoftAppId ? 'bot-framework' : 'none',
    });
  });
  site.attach(server);
  const stopRetention = config.RETENTION_DAYS > 0 ? site.retention.schedule() : () => {};
  const shutdown = createShutdown({
    server,
    drain: site.readiness.drain,
    closeStreams: () => {
      stopRetention();
      site.close();
    },
    closeDatabase: () => site.closeStorage(),
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second signal while shutting down (Ctrl+C twice): stop now.
      if (site.readiness.draining) process.exit(1);
      shutdown.run(signal).then(
        () => process.exit(0),
        (error: Error) => {
          logger.error('shutdown failed', { error: error.message });
          process.exit(1);
        },
      );
    });
  }
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
