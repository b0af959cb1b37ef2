import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Takes one point for `key`: undefined when allowed, else the seconds until it would be. */
export type Limit = (key: string) => Promise<number | undefined>;

const MINUTE_SECONDS = 60;

/**
 * `perMinute` points per key and minute (0: no limit). Counters live in memory, which is right for the one bot a
 * DATA_DIR allows; when several instances share a database, rate-limiter-flexible's store limiters (RateLimiterSQLite,
 * RateLimiterPostgres, RateLimiterRedis…) take the same options and slot in here.
 */
export function createLimit(perMinute: number): Limit {
  if (perMinute === 0) return async () => undefined;
  const limiter = new RateLimiterMemory({ points: perMinute, duration: MINUTE_SECONDS });
  return async (key) => {
    try {
      await limiter.consume(key);
      return undefined;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    }
  };
}

/** Express middleware: each limit with its key (undefined: not counted); over any, 429 with Retry-After. */
export function limitRequests(
  checks: { limit: Limit; key: (req: Request, res: Response) => string | undefined }[],
  refuse: (res: Response, seconds: number) => void,
): RequestHandler {
  return async (req, res, next) => {
    for (const { limit, key } of checks) {
      const k = key(req, res);
      const wait = k === undefined ? undefined : await limit(k);
      if (wait === undefined) continue;
      res.set('Retry-After', String(wait));
      refuse(res, wait);
      return;
    }
    next();
  };
}

/** The client's address as Express sees it (the proxy's, unless `trust proxy` is set). */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
