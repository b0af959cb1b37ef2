import type { Database } from '../storage/database.js';

/**
 * Slows guessing: every sign-in attempt is counted before its password is checked; after a few for one key (a name,
 * an address, a known browser) each further try must wait longer. Kept in SQLite, so a restart does not forget it.
 */
export type LoginThrottle = {
  /** milliseconds the caller must still wait before another try with these keys; 0 = go ahead */
  waitMs: (keys: string[]) => number;
  /** counts a try for every key; call it before checking the password */
  attempt: (keys: string[]) => void;
  /** the password was right: these keys start afresh, and the try no longer counts against the others */
  succeeded: (forget: string[], uncount: string[]) => void;
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

type Row = { failures: number; last_at: number };

export function createLoginThrottle(db: Database, clock: () => Date = () => new Date()): LoginThrottle {
  const now = () => clock().getTime();
  db.exec('CREATE TABLE IF NOT EXISTS login_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at INTEGER NOT NULL) WITHOUT ROWID');
  const select = db.prepare<[string], Row>('SELECT failures, last_at FROM login_throttle WHERE key = ?');
  const upsert = db.prepare('INSERT INTO login_throttle (key, failures, last_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at');
  const remove = db.prepare('DELETE FROM login_throttle WHERE key = ?');
  const uncount = db.prepare('UPDATE login_throttle SET failures = MAX(failures - 1, 0) WHERE key = ?');
  const prune = db.prepare('DELETE FROM login_throttle WHERE last_at < ?');
  let prunedAt = 0;

  const live = (key: string): Row | undefined => {
    const row = select.get(key);
    return row && now() - row.last_at <= limitsOf(key).forgetAfterMs ? row : undefined;
  };
  const delayOf = (key: string, row: Row): number => {
    const limits = limitsOf(key);
    const over = row.failures - limits.freeFailures;
    if (over < 0) return 0;
    return Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.min(over, 30));
  };

  return {
    waitMs(keys) {
      let wait = 0;
      for (const key of keys) {
        const row = live(key);
        if (row) wait = Math.max(wait, row.last_at + delayOf(key, row) - now());
      }
      return Math.max(0, wait);
    },
    attempt(keys) {
      db.joinTick();
      for (const key of keys) upsert.run(key, (live(key)?.failures ?? 0) + 1, now());
      // Bounded table under a spray of made-up names: entries past their hour go, at most once a minute.
      if (now() - prunedAt > 60_000) {
        prunedAt = now();
        prune.run(now() - HOUR);
      }
    },
    succeeded(forget, others) {
      db.joinTick();
      for (const key of forget) remove.run(key);
      for (const key of others) uncount.run(key);
    },
  };
}
