/**
 * Tokens that may be used once (the Direct Line stream token, which travels in a URL): the first use of a token's id
 * wins, on any instance. In memory for the single SQLite bot (below); in PostgreSQL for several instances
 * (postgres/postgres-token-uses.ts).
 */
export type TokenUses = {
  /** true for the first use of `jti`, false for any later one; `expiresAt` (epoch seconds): when it may be forgotten */
  claim: (jti: string, expiresAt: number) => Promise<boolean>;
};

// Used tokens are remembered until they expire anyway; this often the expired ones are dropped.
const FORGET_EVERY_MS = 60_000;

export function createMemoryTokenUses(now: () => Date = () => new Date()): TokenUses {
  const used = new Map<string, number>();
  let forgotAt = now().getTime();
  return {
    async claim(jti, expiresAt) {
      const t = now().getTime();
      if (t - forgotAt >= FORGET_EVERY_MS) {
        forgotAt = t;
        for (const [id, exp] of used) if (exp * 1000 <= t) used.delete(id);
      }
      if (used.has(jti)) return false;
      used.set(jti, expiresAt);
      return true;
    },
  };
}
