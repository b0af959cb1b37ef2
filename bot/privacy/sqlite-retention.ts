import { CHANNEL_ID as WEB_CHANNEL } from '../channel/web-chats.js';
import type { Database } from '../storage/database.js';
import type { RetentionPurge } from './retention.js';
import type { SqliteErasure } from './sqlite-erasure.js';

// Rows deleted per statement: a few milliseconds of work, then the event loop is free again.
const BATCH = 500;
// Tables whose rows carry their own time, written in time order (seq), so the oldest come first.
const TIMED = ['transcript_activities', 'turn_records', 'feedback_records', 'missed_questions'] as const;

/** The retention purge in the SQLite file: deletes with secure_delete on (sqlite-erasure.ts's scrub), the WAL emptied at the end. */
export function createSqliteRetentionPurge(db: Database, erasure: SqliteErasure): RetentionPurge {
  const has = (table: string) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));

  async function* batches(cutoff: string) {
    for (const table of TIMED.filter(has)) {
      const step = db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} ORDER BY seq LIMIT ${BATCH}) AND at < ?`);
      for (let deleted = BATCH; deleted > 0; ) {
        deleted = erasure.scrub(() => step.run(cutoff).changes, false);
        yield { rows: deleted, conversations: 0 };
      }
    }
    if (has('handoff_cases')) {
      const old = db.prepare<[string], string>(`SELECT id FROM handoff_cases WHERE created_at < ? LIMIT ${BATCH}`).pluck();
      const removeEntries = db.prepare('DELETE FROM handoff_entries WHERE case_id = ?');
      const removeCase = db.prepare('DELETE FROM handoff_cases WHERE id = ?');
      for (let batch = old.all(cutoff); batch.length > 0; batch = old.all(cutoff)) {
        const rows = erasure.scrub(() => batch.reduce((n, id) => n + erasure.forgetCase(id) + removeEntries.run(id).changes + removeCase.run(id).changes, 0));
        yield { rows, conversations: 0 };
      }
    }
    // A conversation is over once nothing of it is inside the period: a web chat's last Direct Line activity (its
    // transcript), any other channel's transcript lines.
    const recent = db
      .prepare<[string, string, string], number>('SELECT 1 FROM transcript_activities WHERE channel_id = ? AND conversation_id = ? AND at >= ? LIMIT 1')
      .pluck();
    const lastWeb = db
      .prepare<[string], string | null>("SELECT activity ->> '$.timestamp' FROM activities WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1")
      .pluck();
    const stale = (channel: string, id: string) => {
      if (channel === WEB_CHANNEL && has('activities')) return (lastWeb.get(id) ?? '') < cutoff;
      return !has('transcript_activities') || recent.get(channel, id, cutoff) === undefined;
    };
    if (has('conversations')) {
      const page = db.prepare<[number], { rowid: number; id: string; created_at: string }>(
        `SELECT rowid, id, created_at FROM conversations WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`,
      );
      for (let after = 0, batch = page.all(after); batch.length > 0; batch = page.all(after)) {
        after = batch.at(-1)?.rowid ?? after;
        const gone = batch.filter((c) => c.created_at < cutoff && stale(WEB_CHANNEL, c.id));
        const rows = erasure.scrub(() => gone.reduce((n, c) => n + erasure.forgetConversation(WEB_CHANNEL, c.id), 0), false);
        yield { rows, conversations: gone.length };
      }
    }
    if (has('bot_state')) {
      const page = db.prepare<[number], { rowid: number; key: string }>(`SELECT rowid, key FROM bot_state WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
      for (let after = 0, batch = page.all(after); batch.length > 0; batch = page.all(after)) {
        after = batch.at(-1)?.rowid ?? after;
        const gone = batch
          .map((b) => /^(.*?)\/conversations\/(.*)\/$/.exec(b.key))
          .filter((m): m is RegExpExecArray => m !== null && stale(m[1] as string, m[2] as string));
        const rows = erasure.scrub(() => gone.reduce((n, m) => n + erasure.forgetConversation(m[1] as string, m[2] as string), 0), false);
        yield { rows, conversations: gone.filter((m) => m[1] !== WEB_CHANNEL).length };
      }
    }
  }

  return {
    batches,
    // Empties the WAL, so the deleted bytes are gone from the data folder too.
    finish: async () => void erasure.scrub(() => 0),
  };
}
