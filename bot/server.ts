import express, { type ErrorRequestHandler, type Express, type Request, type Router } from 'express';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { isStorageFault } from './storage/database.js';
import { TurnBusyError } from './turn/turn-lock.js';

/** A URL prefix and the router that serves everything under it (`app.use(path, router)`). */
export type Route = [path: string, router: Router];

/** The Express app: its settings, the routes in the order given (site.ts lists them), and the one error handler. */
export function createServer(options: { config: Pick<Config, 'TRUST_PROXY'>; logger: Logger; routes: Route[] }): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express hashes every response body into an ETag. No answer from /api/messages is asked for twice, the pages and
  // JSON are small, and the widget's files carry ETags of their own (static-asset.ts): the hash was pure cost.
  app.set('etag', false);
  // Behind a reverse proxy every request comes from the proxy: req.ip must be the client's (sign-in throttling, per-client limits).
  app.set('trust proxy', options.config.TRUST_PROXY);
  for (const [path, router] of options.routes) app.use(path, router);
  app.use(errorHandler(options.logger));
  return app;
}

/** GET /healthz: the process is up. */
export function createHealthRouter(): Router {
  return express.Router().get('/', (_req, res) => {
    res.json({ status: 'ok' });
  });
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string; message?: string }, req: Request, res, _next) => {
    if (isStorageFault(error) && !res.headersSent) {
      logger.warn('request refused: storage unavailable', { path: req.path });
      res.set('Retry-After', '5').status(503).json({ error: 'Nothing was kept: the server could not save. Send it again in a few seconds.' });
      return;
    }
    if (error instanceof TurnBusyError && !res.headersSent) {
      logger.warn('request refused: an earlier turn of the conversation still runs', { path: req.path, waitedMs: error.waitedMs });
      res
        .set('Retry-After', '5')
        .status(503)
        .json({ error: 'Nothing was kept: an earlier message of this conversation is still being answered. Send it again in a few seconds.' });
      return;
    }
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 500) logger.error('request failed', { path: req.path, error: error.message });
    if (res.headersSent) return;
    const message =
      status === 413
        ? 'The request body is too large.'
        : error.type === 'entity.too.deep'
          ? (error.message as string)
          : status < 500
            ? 'The request is not valid JSON or not a valid activity.'
            : 'Something went wrong on our side.';
    res.status(status).json({ error: message });
  };
}
