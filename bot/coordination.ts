import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { createPostgresPresence } from './events/postgres-presence.js';
import { createPostgresPubSub } from './events/postgres-pubsub.js';
import { createInProcessPresence, type Presence } from './events/presence.js';
import { createInProcessPubSub, type PubSub } from './events/pubsub.js';
import { createPool, type DatabaseErrorListener } from './storage/postgres/pool.js';
import { createPostgresTurnLock } from './turn/postgres-turn-lock.js';
import { createInProcessTurnLock, type TurnLock } from './turn/turn-lock.js';

/**
 * What the instances of the bot share while they run, besides the stores: live events (the Direct Line streams, the
 * agent console), which agents are online, and the turn lock. createBot takes one; without DATABASE_URL it is the
 * in-process one, which is what a single instance has always done.
 */
export type Coordination = {
  /** other instances may run turns of the same conversations (then every path that runs a turn takes the lock) */
  shared: boolean;
  events: PubSub;
  presence: Presence;
  turnLock: TurnLock;
  /** stops listening and heartbeats and lets go of connections; call it after the server stopped taking turns */
  close: () => Promise<void>;
};

export function createInProcessCoordination(options: { onError?: (error: Error) => void } = {}): Coordination {
  const events = createInProcessPubSub(options);
  const presence = createInProcessPresence();
  return {
    shared: false,
    events,
    presence,
    turnLock: createInProcessTurnLock(),
    async close() {
      await presence.close();
      await events.close();
    },
  };
}

export type PostgresCoordinationOptions = {
  /** DATABASE_URL: the event listener and the turn locks open connections of their own */
  url: string;
  /** the stores' pool: events are sent and presence is written through it */
  pool: pg.Pool;
  /** this instance's name in agent_presence and pg_stat_activity (default: host, process id and a random suffix) */
  instanceId?: string;
  /** connections for turn locks: as many turns as this can run at once (default 20); a pool apart from the stores' */
  turnLockConnections?: number;
  /** how long a turn waits for the earlier ones of its conversation before it is refused as busy (default 10 s) */
  turnWaitMs?: number;
  onError?: (error: Error) => void;
  /** failed statements and connections of the turn locks' pool, and the listener's lost connection (/metrics) */
  onDatabaseError?: DatabaseErrorListener;
};

/** Several instances on one PostgreSQL database (migrations 001 and 003 applied): LISTEN/NOTIFY, agent_presence, advisory locks. */
export async function createPostgresCoordination(options: PostgresCoordinationOptions): Promise<Coordination> {
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { url, pool, onError, onDatabaseError } = options;
  const events = await createPostgresPubSub({ url, pool, applicationName: `montonio-support-events ${instanceId}`.slice(0, 63), onError, onDatabaseError });
  const lockPool = createPool(url, {
    max: options.turnLockConnections ?? 20,
    applicationName: `montonio-support-turns ${instanceId}`.slice(0, 63),
    onError,
    onDatabaseError,
  });
  const presence = createPostgresPresence({ pool, instanceId, onError });
  return {
    shared: true,
    events,
    presence,
    turnLock: createPostgresTurnLock(lockPool, { waitMs: options.turnWaitMs }),
    async close() {
      await presence.close().catch((error: Error) => onError?.(error));
      await events.close();
      await lockPool.end();
    },
  };
}
