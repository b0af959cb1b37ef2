/** Slows guessing: after a few wrong passwords for one name or from one address, each further try must wait longer. */
export type LoginThrottle = {
  /** milliseconds the caller must still wait before another try with these keys; 0 = go ahead */
  waitMs: (keys: string[]) => number;
  failed: (keys: string[]) => void;
  succeeded: (keys: string[]) => void;
};

export type ThrottleLimits = { freeFailures: number; firstDelayMs: number; maxDelayMs: number; forgetAfterMs: number };

// Five typos are human; after that 1 s, 2 s, 4 s … up to 15 min between tries: about 100 guesses a day per name.
export const USER_LIMITS: ThrottleLimits = { freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
// One office behind one address may hold several agents mistyping; a guesser spraying many names is still slowed.
export const ADDRESS_LIMITS: ThrottleLimits = { freeFailures: 20, firstDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

type Entry = { failures: number; last: number };

export function createLoginThrottle(limitsOf: (key: string) => ThrottleLimits, now: () => number = Date.now): LoginThrottle {
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && now() - entry.last > limitsOf(key).forgetAfterMs) entries.delete(key);
    return entries.get(key);
  };
  const delayOf = (key: string, entry: Entry): number => {
    const limits = limitsOf(key);
    const over = entry.failures - limits.freeFailures;
    if (over < 0) return 0;
    return Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.min(over, 30));
  };

  return {
    waitMs(keys) {
      let wait = 0;
      for (const key of keys) {
        const entry = live(key);
        if (entry) wait = Math.max(wait, entry.last + delayOf(key, entry) - now());
      }
      return Math.max(0, wait);
    },
    failed(keys) {
      for (const key of keys) {
        const entry = live(key) ?? { failures: 0, last: 0 };
        entries.set(key, { failures: entry.failures + 1, last: now() });
      }
      // Bounded memory under a spray of made-up names: the oldest entries go first.
      while (entries.size > 10_000) entries.delete(entries.keys().next().value as string);
    },
    succeeded(keys) {
      for (const key of keys) entries.delete(key);
    },
  };
}
