import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

export type ShutdownSteps = {
  server: Server;
  /** /readyz answers 503 from now on */
  drain: () => void;
  /** the web chats' WebSockets (closed with 1012, which the widget takes as "reconnect") and the console's event streams */
  closeStreams: () => void;
  /** last: commits what is pending and closes the database */
  closeDatabase: () => void | Promise<void>;
  logger: Logger;
  /** how long running requests (turns) may take to finish */
  timeoutMs: number;
};

export type Shutdown = {
  /** the whole sequence, once (a second call gets the same promise); resolves when the database is closed */
  run: (reason: string) => Promise<void>;
  /** requests being answered now, event streams left out */
  inFlight: () => number;
};

/**
 * Graceful shutdown for SIGTERM/SIGINT (a deploy, a scale-down): stop accepting connections and say so on /readyz,
 * let the requests being answered finish (a turn's reply is stored and acknowledged), within `timeoutMs`; then close
 * the streams, so the widget reconnects (through the load balancer, to an instance that is up) and resumes from its
 * watermark; then the database. Requests that arrive on kept-alive connections meanwhile are still answered, with
 * `Connection: close`, so every connection ends after its current request.
 */
export function createShutdown(steps: ShutdownSteps): Shutdown {
  const { server, logger } = steps;
  const active = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  let onIdle: (() => void) | undefined;

  // First, before Express answers: a response written at once must not have sent its headers yet.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.setHeader('Connection', 'close');
    // An event stream lasts as long as the console is open: it is closed, not waited for.
    if (isEventStream(req)) return;
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      if (active.size === 0) onIdle?.();
    });
  });

  async function run(reason: string): Promise<void> {
    const started = performance.now();
    steps.drain();
    logger.info('shutting down', { reason, inFlight: active.size, timeoutMs: steps.timeoutMs });
    // No new connections; idle kept-alive ones are closed now, busy ones after their response (Connection: close).
    server.close();
    server.closeIdleConnections();
    const finished = await idleWithin(steps.timeoutMs);
    if (!finished) logger.warn('shutdown: requests still running at the time limit are cut off', { inFlight: active.size });
    steps.closeStreams();
    server.closeAllConnections();
    await steps.closeDatabase();
    logger.info('stopped', { reason, ms: Math.round(performance.now() - started) });
  }

  function idleWithin(ms: number): Promise<boolean> {
    if (active.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  return {
    run: (reason) => {
      closing ??= run(reason);
      return closing;
    },
    inFlight: () => active.size,
  };
}

function isEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}
