import { CHANNEL_ID as WEB_CHANNEL } from '../channel/web-chats.js';
import type { Database } from '../storage/database.js';
import { type DataErasure, type ErasureAudit, type ErasureSubject, subjectOf } from './data-erasure.js';

/** What the SQLite retention purge (sqlite-retention.ts) uses besides the erasure itself. */
export type SqliteErasure = DataErasure & {
  /** one conversation's rows outside the time-ordered tables (retention, after those were purged by time) */
  forgetConversation: (channelId: string, conversationId: string) => number;
  /** the agent desk's rows of one case: history, e-mail answers, claim time */
  forgetCase: (caseId: string) => number;
  /**
   * Runs deletes in one transaction with SQLite's secure_delete on (freed space is zeroed), then, unless told not to
   * (a batch of many), empties the WAL: the bytes are then gone from the data folder, not only from the tables.
   */
  scrub: <T>(work: () => T, checkpoint?: boolean) => T;
};

const STATE_KEY = "substr(key, instr(key, '/conversations/') + 15)";

/**
 * The erasure in the SQLite file. Tables another part creates (the handoff's, state) are skipped when absent. The
 * work is done at the call, in one synchronous transaction; the promises only carry its outcome.
 */
export function createSqliteErasure(db: Database, now: () => Date = () => new Date()): SqliteErasure {
  db.exec(`CREATE TABLE IF NOT EXISTS erasure_audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, by TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
    conversations INTEGER NOT NULL, rows INTEGER NOT NULL
  )`);
  const has = (table: string) => Boolean(db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get('table', table));
  const run = (sql: string, ...params: unknown[]) => (has(sql.match(/(?:FROM|INTO|UPDATE)\s+(\w+)/i)?.[1] ?? '') ? db.prepare(sql).run(...params).changes : 0);
  const ids = (sql: string, ...params: unknown[]) =>
    has(sql.match(/FROM\s+(\w+)/i)?.[1] ?? '')
      ? (db
          .prepare(sql)
          .pluck()
          .all(...params) as string[])
      : [];
  const insertAudit = db.prepare(
    'INSERT INTO erasure_audit (at, by, kind, subject, conversations, rows) VALUES (@at, @by, @kind, @subject, @conversations, @rows)',
  );

  const forgetConversation = (channelId: string, id: string) =>
    run('DELETE FROM activities WHERE conversation_id = ?', id) +
    (channelId === WEB_CHANNEL ? run('DELETE FROM conversations WHERE id = ?', id) : 0) +
    run('DELETE FROM bot_state WHERE key = ?', `${channelId}/conversations/${id}/`) +
    run('DELETE FROM last_questions WHERE conversation_id = ?', id) +
    run('DELETE FROM last_turns WHERE conversation_id = ?', id);

  /** What the agent desk keeps of a case beside it: its history entry and text index, e-mail answers, claim time. */
  const forgetCase = (caseId: string) =>
    run('DELETE FROM case_history_text WHERE rowid IN (SELECT seq FROM case_history WHERE case_id = ?)', caseId) +
    run('DELETE FROM case_history WHERE case_id = ?', caseId) +
    run('DELETE FROM mail_outbox WHERE case_id = ?', caseId) +
    run("DELETE FROM webhook_outbox WHERE json_extract(body, '$.caseId') = ?", caseId) +
    run('DELETE FROM handoff_claims WHERE case_id = ?', caseId);

  const eraseConversation = (id: string) => {
    const channels = new Set([WEB_CHANNEL, ...ids(`SELECT substr(key, 1, instr(key, '/conversations/') - 1) FROM bot_state WHERE ${STATE_KEY} = ?`, `${id}/`)]);
    let rows = 0;
    for (const channel of channels)
      rows += run('DELETE FROM transcript_activities WHERE channel_id = ? AND conversation_id = ?', channel, id) + forgetConversation(channel, id);
    for (const caseId of ids('SELECT id FROM handoff_cases WHERE conversation_id = ?', id)) rows += forgetCase(caseId);
    rows += run('DELETE FROM handoff_entries WHERE conversation_id = ?', id) + run('DELETE FROM handoff_cases WHERE conversation_id = ?', id);
    for (const table of ['turn_records', 'feedback_records', 'missed_questions']) rows += run(`DELETE FROM ${table} WHERE conversation_id = ?`, id);
    return rows;
  };

  const scrub = <T>(work: () => T, checkpoint = true): T => {
    db.commitTick();
    db.pragma('secure_delete = ON');
    try {
      return db.transaction(work)();
    } finally {
      db.pragma('secure_delete = FAST');
      if (checkpoint) db.pragma('wal_checkpoint(TRUNCATE)');
    }
  };

  const conversationsOf = ({ kind, value }: ErasureSubject) => {
    if (kind === 'conversation') return [value];
    const needle = kind === 'store' ? `"storeId":${JSON.stringify(value)}` : value.toLowerCase();
    const where = (column: string) => (kind === 'store' ? `instr(${column}, ?) > 0` : `instr(lower(${column}), ?) > 0`);
    const found = new Set([
      ...ids(`SELECT conversation_id FROM handoff_cases WHERE ${where('data')}`, needle),
      ...ids(`SELECT conversation_id FROM transcript_activities WHERE ${where('activity')}`, needle),
      ...ids(`SELECT conversation_id FROM activities WHERE ${where('activity')}`, needle),
      ...ids(`SELECT rtrim(${STATE_KEY}, '/') FROM bot_state WHERE ${where('item')}`, needle),
      ...(kind === 'email'
        ? ids('SELECT c.conversation_id FROM handoff_cases c JOIN mail_outbox m ON m.case_id = c.id WHERE lower(m.to_address) = ?', needle)
        : []),
    ]);
    return [...found];
  };
  const audit = (entry: ErasureAudit) => {
    db.joinTick();
    insertAudit.run(entry);
  };
  const auditLog = db.prepare<[number], ErasureAudit & { seq: number }>(
    'SELECT * FROM (SELECT seq, at, by, kind, subject, conversations, rows FROM erasure_audit ORDER BY seq DESC LIMIT ?) ORDER BY seq',
  );

  return {
    conversationsOf: async (subject) => conversationsOf(subject),
    async erase(subject, by) {
      const erased = scrub(() => conversationsOf(subject).map(eraseConversation));
      // A conversation counts when something of it was there (an id typed wrong erases nothing).
      const result = { conversations: erased.filter((rows) => rows > 0).length, rows: erased.reduce((sum, rows) => sum + rows, 0) };
      audit({ at: now().toISOString(), by, kind: subject.kind, subject: subjectOf(subject), ...result });
      return result;
    },
    forgetConversation,
    forgetCase,
    audit: async (entry) => audit(entry),
    scrub,
    auditLog: async (latest = -1) => auditLog.all(latest).map(({ seq: _seq, ...entry }) => entry as ErasureAudit),
  };
}
