import type pg from 'pg';
import { createInProcessTurnLock, type TurnLock } from './turn-lock.js';

// The first key of the two-key advisory locks taken for turns (the second is hashtext(conversationId)): a space of
// this application's own, apart from the migration lock (one bigint key) and anything else in the database. Two
// conversations whose ids hash alike only wait for each other now and then.
export const TURN_LOCK_SPACE = 1_507_231_872;

/**
 * One turn at a time per conversation across every instance on one database: a session-level
 * `pg_advisory_lock(TURN_LOCK_SPACE, hashtext(conversationId))` held for the turn on a connection of `pool`, released
 * in `finally`. The lock ends with its session, so an instance that dies mid-turn frees the conversation at once.
 * In front of it the in-process queue: one instance waits for its own turns of a conversation in memory, in order,
 * holding at most one connection per conversation.
 *
 * `pool` must be its own pool, not the one the turn's stores use: every running turn holds one of its connections,
 * and with a shared pool as many turns as connections would leave none for their own reads and writes.
 */
export function createPostgresTurnLock(pool: pg.Pool): TurnLock {
  const local = createInProcessTurnLock();
  return {
    run: (conversationId, task) => local.run(conversationId, () => locked(pool, conversationId, task)),
  };
}

async function locked<T>(pool: pg.Pool, conversationId: string, task: () => Promise<T>): Promise<T> {
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
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [TURN_LOCK_SPACE, conversationId]);
    } catch (error) {
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
