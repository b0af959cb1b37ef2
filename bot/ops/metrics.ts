import { timingSafeEqual } from 'node:crypto';
import type { Activity, Middleware } from 'botbuilder';
import express, { type Router } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = {
  /** GET /metrics in Prometheus' text format, for `Authorization: Bearer <METRICS_TOKEN>` only; without a token, 404 */
  router: Router;
  /** goes first in the turn's pipeline: counts each merchant message and times it, by the answer it got */
  turnMiddleware: Middleware;
  /** a write or query the database refused, by operation (SQLite: `commit`; PostgreSQL: `query`, `connect`, `listen`) */
  databaseError: (operation: string) => void;
};

export type MetricsOptions = {
  /** METRICS_TOKEN; empty: nothing is measured and /metrics is 404 */
  token: string;
  /** chats waiting in the handoff queue right now (asked at each scrape) */
  waitingCases: () => number | Promise<number>;
  /** the operations bot_database_errors_total shows at 0 before their first error (default: SQLite's `commit`) */
  databaseOperations?: readonly string[];
};

// A turn takes about a millisecond in process; a handoff start or a slow disk, tens; anything past a second is trouble.
const TURN_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Prometheus metrics (prom-client) on a registry of this site's own: turns, handoffs, the queue, database errors, the process. */
export function createMetrics(options: MetricsOptions): Metrics {
  if (!options.token) {
    return { router: express.Router(), turnMiddleware: { onTurn: (_context, next) => next() }, databaseError: () => {} };
  }
  const registers = [new Registry()];
  const [register] = registers as [Registry];
  // Process CPU, memory, handles, GC, and the event loop's delay (nodejs_eventloop_lag_*: min, mean, p50, p90, p99).
  collectDefaultMetrics({ register });
  const turns = new Counter({
    name: 'bot_turns_total',
    help: "Merchants' messages the bot handled, by the answer they got (guide, clarify, fallback, smalltalk, handoff; none: no answer, e.g. an agent holds the chat; error)",
    labelNames: ['outcome'],
    registers,
  });
  const latency = new Histogram({
    name: 'bot_turn_duration_seconds',
    help: 'Time from a message entering the turn to its last reply, by outcome',
    labelNames: ['outcome'],
    buckets: TURN_BUCKETS,
    registers,
  });
  const handoffs = new Counter({
    name: 'bot_handoffs_total',
    help: 'Chats handed to a person: to the queue, or (out of hours, nobody online) to an e-mail answer',
    labelNames: ['to'],
    registers,
  });
  const dbErrors = new Counter({
    name: 'bot_database_errors_total',
    help: 'Database operations that failed: commit (SQLite: a tick of writes rolled back); PostgreSQL: query (a statement or transaction), connect (no connection, or an idle one lost), listen (the live events connection lost or not regained)',
    labelNames: ['operation'],
    registers,
  });
  // At 0 from the start, so an alert on its rate has a series before the first error.
  for (const operation of options.databaseOperations ?? ['commit']) dbErrors.inc({ operation }, 0);
  new Gauge({
    name: 'bot_handoff_queue_waiting',
    help: 'Chats waiting in the handoff queue for an agent',
    registers,
    async collect() {
      this.set(await options.waitingCases());
    },
  });

  const turnMiddleware: Middleware = {
    async onTurn(context, next) {
      if (context.activity.type !== 'message') return next();
      const started = performance.now();
      let outcome = 'none';
      context.onSendActivities(async (_context, activities, sendNext) => {
        outcome = outcomeOf(activities, outcome);
        const initiation = activities.some((a) => a.type === 'event' && a.name === 'handoff.initiate');
        if (initiation) handoffs.inc({ to: activities.some(isFailedHandoff) ? 'email' : 'queue' });
        return sendNext();
      });
      try {
        await next();
      } catch (error) {
        outcome = 'error';
        throw error;
      } finally {
        turns.inc({ outcome });
        latency.observe({ outcome }, (performance.now() - started) / 1000);
      }
    },
  };

  const expected = Buffer.from(`Bearer ${options.token}`);
  const router = express.Router().get('/', async (req, res) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'This needs Authorization: Bearer <METRICS_TOKEN>.' });
      return;
    }
    res.set({ 'Content-Type': register.contentType, 'Cache-Control': 'no-store' }).send(await register.metrics());
  });
  return { router, turnMiddleware, databaseError: (operation) => dbErrors.inc({ operation }) };
}

/** The kind of the last answer among these replies (every reply to a merchant carries channelData.answer). */
function outcomeOf(activities: Partial<Activity>[], sofar: string): string {
  let outcome = sofar;
  for (const activity of activities) {
    const kind = (activity.channelData as { answer?: { kind?: unknown } } | undefined)?.answer?.kind;
    if (typeof kind === 'string') outcome = kind;
  }
  return outcome;
}

function isFailedHandoff(activity: Partial<Activity>): boolean {
  return activity.type === 'event' && activity.name === 'handoff.status' && (activity.value as { state?: string } | undefined)?.state === 'failed';
}
