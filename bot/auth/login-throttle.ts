import type { Database } from '../storage/database.js';

/**
 * Slows guessing: every sign-in attempt is counted before its password is checked; after a few for one key (a name,
 * an address, a known browser) each further try must wait longer. Kept in the database, so a restart does not forget
 * it, and (PostgreSQL) shared by every instance.
 */
export type LoginThrottle = {
  /**
   * The check and the count in one step: when no key must still wait, counts a try for every key and answers 0 (go
   * ahead, check the password); otherwise counts nothing and answers the milliseconds to wait. Atomic, so of many tries
   * at once (on any number of instances) only as many pass as the limits let through.
   */
  attempt: (keys: string[]) => Promise<number>;
  /** the password was right: these keys start afresh, and the try no longer counts against the others */
  succeeded: (forget: string[], uncount: string[]) => Promise<void>;
};

export type ThrottleLimits = { freeFailures: number; firstDelayMs: number; maxDelayMs: number; forgetAfterMs: number };

const HOUR = 60 * 60_000;
// A name tried from anywhere without a known browser: five typos are human, then 1 s, 2 s, 4 s … but never more than
// a minute, so the right password gets in after a short wait however hard someone else is guessing.
export const USER_LIMITS: ThrottleLimits = { freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 60_000, forgetAfterMs: HOUR };
// One address: an office behind one address may hold several agents mistyping; a guesser spraying names waits up to 15 min.
export const ADDRESS_LIMITS: ThrottleLimits = { freeFailures: 20, firstDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: HOUR };
// A browser that signed in before (its device cookie): only its own wrong passwords slow it down.
export const DEVICE_LIMITS: ThrottleLimits = { freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: HOUR };

export function limitsOf(key: string): ThrottleLimits {
  if (key.startsWith('ip:')) return ADDRESS_LIMITS;
  if (key.startsWith('device:')) return DEVICE_LIMITS;
  return USER_LIMITS;
}

export type ThrottleRow = { failures: number; last_at: number };

/** Failures that still count at `now` (a key quiet for its hour starts afresh). */
export function liveFailures(key: string, row: ThrottleRow | undefined, now: number): number {
  return row && now - row.last_at <= limitsOf(key).forgetAfterMs ? row.failures : 0;
}

/** Milliseconds a try with `key` must still wait at `now`; 0 = go ahead. */
export function waitOf(key: string, row: ThrottleRow | undefined, now: number): number {
  const failures = liveFailures(key, row, now);
  const limits = limitsOf(key);
  const over = failures - limits.freeFailures;
  if (!row || over < 0) return 0;
  return Math.max(0, row.last_at + Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.min(over, 30)) - now);
}

// Bounded table under a spray of made-up names: entries past their hour go, at most once a minute.
export const PRUNE_EVERY_MS = 60_000;
export const FORGET_AFTER_MS = HOUR;

export function createLoginThrottle(db: Database, clock: () => Date = () => new Date()): LoginThrottle {
  const now = () => clock().getTime();
  db.exec('CREATE TABLE IF NOT EXISTS login_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at INTEGER NOT NULL) WITHOUT ROWID');
  const select = db.prepare<[string], ThrottleRow>('SELECT failures, last_at FROM login_throttle WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO login_throttle (key, failures, last_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at',
  );
  const remove = db.prepare('DELETE FROM login_throttle WHERE key = ?');
  const uncount = db.prepare('UPDATE login_throttle SET failures = MAX(failures - 1, 0) WHERE key = ?');
  const prune = db.prepare('DELETE FROM login_throttle WHERE last_at < ?');
  let prunedAt = 0;

  return {
    // Read and written with nothing in between (SQLite is synchronous): the check and the count are one step.
    async attempt(keys) {
      const at = now();
      const rows = keys.map((key) => select.get(key));
      const wait = Math.max(0, ...keys.map((key, i) => waitOf(key, rows[i], at)));
      if (wait > 0) return wait;
      db.joinTick();
      for (const [i, key] of keys.entries()) upsert.run(key, liveFailures(key, rows[i], at) + 1, at);
      if (at - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = at;
        prune.run(at - FORGET_AFTER_MS);
      }
      return 0;
    },
    async succeeded(forget, others) {
      db.joinTick();
      for (const key of forget) remove.run(key);
      for (const key of others) uncount.run(key);
    },
  };
}
