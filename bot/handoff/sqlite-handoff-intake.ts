import type { HandoffIntake } from './handoff-intake.js';
import type { Database } from '../storage/database.js';

/** Who opened handoff cases when, for the per-client limit: a table of its own, created here. */
export function createSqliteHandoffIntake(db: Database): HandoffIntake {
  db.exec(`
    CREATE TABLE IF NOT EXISTS handoff_intake (client TEXT NOT NULL, at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS handoff_intake_by_client ON handoff_intake (client, at);
  `);
  const insert = db.prepare('INSERT INTO handoff_intake (client, at) VALUES (?, ?)');
  const count = db.prepare<[string, string], number>('SELECT COUNT(*) FROM handoff_intake WHERE client = ? AND at >= ?').pluck();
  const prune = db.prepare('DELETE FROM handoff_intake WHERE at < ?');
  return {
    // One synchronous step: nothing of another turn runs between the count and the insert.
    async admit(client, since, at, limit) {
      if ((count.get(client, since) ?? 0) >= limit) return false;
      db.joinTick();
      prune.run(since);
      insert.run(client, at);
      return true;
    },
  };
}
