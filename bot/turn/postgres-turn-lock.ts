import type pg from 'pg';
import { createInProcessTurnLock, TurnBusyError, type TurnLock } from './turn-lock.js';

// The first key of the two-key advisory locks taken for turns (the second is hashtext(conversationId)): a space of
// this application's own, apart from the migration lock (one bigint key) and anything else in the database. Two
// conversations whose ids hash alike only wait for each other now and then.
export const TURN_LOCK_SPACE = 1_507_231_872;

// How long a turn may wait for the earlier turns of its conversation. A turn takes milliseconds; one still running
// after this long is stuck (a database that stopped answering, an instance half cut off holding the lock until its
// connection dies), and the merchant is better told at once that the message was not taken, and may send it again,
// than left looking at a message that may or may not arrive.
export const TURN_WAIT_MS = 10_000;

// SQLSTATE lock_not_available: the lock was not granted within the connection's lock_timeout.
const LOCK_TIMEOUT = '55P03';

export type PostgresTurnLockOptions = {
  /** the longest a turn waits, in this instance's queue and for the advisory lock together (default TURN_WAIT_MS) */
  waitMs?: number;
};

/**
 * One turn at a time per conversation across every instance on one database: a session-level
 * `pg_advisory_lock(TURN_LOCK_SPACE, hashtext(conversationId))` held for the turn on a connection of `pool`, released
 * in `finally`. The lock ends with its session, so an instance that dies mid-turn frees the conversation at once.
 * In front of it the in-process queue: one instance waits for its own turns of a conversation in memory, in order,
 * holding at most one connection per conversation.
 *
 * A turn that has not got the lock within `waitMs` of asking is refused with TurnBusyError and never runs, however
 * late the lock comes: nothing of it is stored, so it must not be acknowledged. Each connection also waits for a lock
 * at most that long on the server (lock_timeout), so a refused turn does not hold one.
 *
 * `pool` must be its own pool, not the one the turn's stores use: every running turn holds one of its connections,
 * and with a shared pool as many turns as connections would leave none for their own reads and writes.
 */
export function createPostgresTurnLock(pool: pg.Pool, options: PostgresTurnLockOptions = {}): TurnLock {
  const waitMs = options.waitMs ?? TURN_WAIT_MS;
  const local = createInProcessTurnLock();
  const timed = new WeakSet<pg.PoolClient>();
  return {
    run: <T>(conversationId: string, task: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        let waiting = true;
        const timer = setTimeout(() => {
          waiting = false;
          reject(new TurnBusyError(waitMs));
        }, waitMs);
        // Called once the lock is held: the task runs only if nobody was told "busy" meanwhile.
        const start = (): Promise<T | undefined> => {
          if (!waiting) return Promise.resolve(undefined);
          waiting = false;
          clearTimeout(timer);
          return task();
        };
        const ask = () => (waiting ? locked(pool, timed, waitMs, conversationId, () => waiting, start) : Promise.resolve(undefined));
        local.run(conversationId, ask).then(
          (result) => resolve(result as T),
          (error: unknown) => {
            clearTimeout(timer);
            waiting = false;
            reject(error);
          },
        );
      }),
  };
}

async function locked<T>(
  pool: pg.Pool,
  timed: WeakSet<pg.PoolClient>,
  waitMs: number,
  conversationId: string,
  wanted: () => boolean,
  task: () => Promise<T>,
): Promise<T | undefined> {
  const client = await pool.connect();
  // A connection whose lock or unlock failed may still hold the lock: it is closed, not returned to the pool.
  let broken: Error | undefined;
  // The connection may drop while the turn runs (an operator ended it, the server restarted): without a listener its
  // error would end the process. The turn goes on; the unlock then fails and the connection is closed.
  const lost = (error: Error) => {
    broken = error;
  };
  client.on('error', lost);
  try {
    // Waited too long for a connection: the merchant has been answered, the lock is not needed.
    if (!wanted()) return undefined;
    try {
      if (!timed.has(client)) {
        await client.query("SELECT set_config('lock_timeout', $1, false)", [`${waitMs}ms`]);
        timed.add(client);
      }
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [TURN_LOCK_SPACE, conversationId]);
    } catch (error) {
      // Not granted in time: nothing is held, the connection is as good as before.
      if ((error as { code?: unknown }).code === LOCK_TIMEOUT) throw new TurnBusyError(waitMs);
      broken = error as Error;
      throw error;
    }
    try {
      return await task();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TURN_LOCK_SPACE, conversationId]).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}
