import express, { type Router } from 'express';

/** Resolves (or returns) when that part is usable; throws, or returns false, with what is wrong. */
export type ReadyCheck = () => unknown;

export type Readiness = {
  /** GET /readyz: 200 { status: 'ready' }, else 503 { status: 'unavailable', reason } */
  router: Router;
  /** from now on /readyz answers 503: the load balancer sends no new work (graceful shutdown) */
  drain: () => void;
  readonly draining: boolean;
};

// A check that hangs (a database that stopped answering) is a failed check, not a hanging probe.
const CHECK_TIMEOUT_MS = 2_000;

/**
 * /readyz beside /healthz: /healthz says the process is up, /readyz whether it should get traffic, i.e. every check
 * passes (the database answers a trivial query, the content is loaded) and the bot is not shutting down.
 * The checks are given by the site: each storage engine brings its own `ready()`.
 */
export function createReadiness(checks: Record<string, ReadyCheck>): Readiness {
  let draining = false;
  const router = express.Router().get('/', async (_req, res) => {
    const reason = draining ? 'shutting down' : await firstFailure(checks);
    res.set('Cache-Control', 'no-store');
    if (reason) res.status(503).json({ status: 'unavailable', reason });
    else res.json({ status: 'ready' });
  });
  return {
    router,
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

async function firstFailure(checks: Record<string, ReadyCheck>): Promise<string | undefined> {
  for (const [name, check] of Object.entries(checks)) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      });
      if ((await Promise.race([Promise.resolve().then(check), timeout])) === false) return `${name}: not ready`;
    } catch (error) {
      return `${name}: ${(error as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
  }
  return undefined;
}
