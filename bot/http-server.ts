import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Config } from './config.js';

// A client has this long to send its headers, and its whole request: a chat request is a few KB, so anything slower
// is holding a connection open on purpose (slowloris). Node's defaults are 60 s and 300 s.
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
// How often Node looks for connections past those timeouts (its default, 30 s, would triple the first one).
const TIMEOUT_CHECK_MS = 1_000;

/** The HTTP server the app runs on, with the connection limit and the timeouts that keep one client from holding it. */
export function createHttpServer(app: Express, config: Pick<Config, 'MAX_CONNECTIONS'>): Server {
  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS }, app);
  server.maxConnections = config.MAX_CONNECTIONS;
  return server;
}
