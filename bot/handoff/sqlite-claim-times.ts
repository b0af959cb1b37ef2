import type { ClaimTimes } from './wait-estimate.js';
import type { Database } from '../storage/database.js';

/** When waiting chats were taken, for the expected wait: a table of its own, created here. */
export function createSqliteClaimTimes(db: Database): ClaimTimes {
  db.exec(`
    CREATE TABLE IF NOT EXISTS handoff_claims (case_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, claimed_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS handoff_claims_by_time ON handoff_claims (claimed_at);
  `);
  const insert = db.prepare('INSERT OR IGNORE INTO handoff_claims (case_id, created_at, claimed_at) VALUES (?, ?, ?)');
  const since = db.prepare<[string], string>('SELECT claimed_at FROM handoff_claims WHERE claimed_at >= ? ORDER BY claimed_at').pluck();
  return {
    async add(caseId, createdAt, claimedAt) {
      db.joinTick();
      insert.run(caseId, createdAt, claimedAt);
    },
    since: async (from) => since.all(from),
  };
}
