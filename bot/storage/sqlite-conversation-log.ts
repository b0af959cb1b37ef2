import type { Activity } from 'botbuilder';
import type { ConversationLog, Stamp } from './conversation-log.js';
import type { Database } from './database.js';

type ConversationRow = { id: string; user_id: string; created_at: string; started_at: string | null; ended_at: string | null };

/** The web channel's tables; the transcript store reads web chats from here too, so each turn is kept once. */
function createConversationTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT);
    CREATE TABLE IF NOT EXISTS activities (
      conversation_id TEXT NOT NULL REFERENCES conversations(id),
      seq INTEGER NOT NULL,
      activity TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)
    );
    CREATE INDEX IF NOT EXISTS conversations_unstarted ON conversations (created_at) WHERE started_at IS NULL;
  `);
  migrateActivitiesToRowid(db);
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('conversations')").all();
  if (!columns.some((c) => c.name === 'ended_at')) db.exec('ALTER TABLE conversations ADD COLUMN ended_at TEXT');
}

/**
 * Files from before kept activities WITHOUT ROWID, where a row over about 1 KB (most answers) spills into overflow
 * pages of its own: a rowid table keeps up to a page's worth in place. Copied once, in one transaction.
 */
function migrateActivitiesToRowid(db: Database): void {
  const sql = db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'activities'").pluck().get();
  if (!sql || !/WITHOUT ROWID/i.test(sql)) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE activities_rowid (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL, activity TEXT NOT NULL, PRIMARY KEY (conversation_id, seq));
      INSERT INTO activities_rowid (conversation_id, seq, activity) SELECT conversation_id, seq, activity FROM activities;
      DROP TABLE activities;
      ALTER TABLE activities_rowid RENAME TO activities;
    `);
  })();
}

/**
 * The conversation log in the SQLite file. Sequence numbers come from MAX(seq): the bot is the file's only writer,
 * and an append reads and writes in one synchronous transaction. Writes join the tick's group commit; the work is
 * done at the call, and the promises only carry its outcome.
 */
export function createSqliteConversationLog(db: Database): ConversationLog {
  createConversationTables(db);
  const deleteUnstarted = db.prepare(
    `DELETE FROM conversations WHERE started_at IS NULL AND created_at < ?
     AND NOT EXISTS (SELECT 1 FROM activities WHERE conversation_id = conversations.id)`,
  );
  const insertConversation = db.prepare('INSERT INTO conversations (id, user_id, created_at) VALUES (?, ?, ?)');
  const selectConversation = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const end = db.prepare('UPDATE conversations SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
  const start = db.prepare('UPDATE conversations SET started_at = ? WHERE id = ? AND started_at IS NULL');
  const lastSeq = db.prepare<[string], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM activities WHERE conversation_id = ?');
  const insertActivity = db.prepare('INSERT INTO activities (conversation_id, seq, activity) VALUES (?, ?, ?)');
  const selectSince = db.prepare<[string, number, number], { seq: number; activity: string }>(
    'SELECT seq, activity FROM activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const selectStarted = db.prepare<[string, number], { id: string; created_at: string }>(
    'SELECT id, created_at FROM conversations WHERE id > ? AND started_at IS NOT NULL ORDER BY id LIMIT ?',
  );
  const deleteActivities = db.prepare('DELETE FROM activities WHERE conversation_id = ?');

  // Sequence numbers handed out in a tick that was rolled back: never given again, so no client's watermark or id is
  // reused (a reader in the same tick may have seen them). Only failed ticks leave entries here.
  const burnt = new Map<string, number>();
  const nextSeq = (conversationId: string) => Math.max((lastSeq.get(conversationId) as { seq: number }).seq, burnt.get(conversationId) ?? 0);

  const append = db.transaction((conversationId: string, activities: Partial<Activity>[], stamp: Stamp) => {
    let seq = nextSeq(conversationId);
    const stored = activities.map((activity) => {
      seq += 1;
      const final = stamp(activity, seq);
      insertActivity.run(conversationId, seq, JSON.stringify(final));
      return final;
    });
    return { activities: stored, watermark: seq };
  });

  return {
    async create({ id, userId, createdAt }) {
      db.joinTick();
      insertConversation.run(id, userId, createdAt);
    },
    async get(id) {
      const row = selectConversation.get(id);
      return row && { id: row.id, userId: row.user_id, createdAt: row.created_at, startedAt: row.started_at ?? undefined, endedAt: row.ended_at ?? undefined };
    },
    async markEnded(id, at) {
      db.joinTick();
      end.run(at, id);
    },
    async markStarted(id, at) {
      db.joinTick();
      return start.run(at, id).changes === 1;
    },
    async append(conversationId, activities, stamp) {
      db.joinTick();
      const page = append(conversationId, activities, stamp);
      db.afterCommit((committed) => {
        if (!committed) burnt.set(conversationId, Math.max(burnt.get(conversationId) ?? 0, page.watermark));
      });
      return page;
    },
    async since(conversationId, watermark, limit = -1) {
      const rows = selectSince.all(conversationId, watermark, limit);
      const last = rows.at(-1)?.seq ?? nextSeq(conversationId);
      return { activities: rows.map((r) => JSON.parse(r.activity) as Activity), watermark: last };
    },
    started: async (after, limit) => selectStarted.all(after, limit).map((row) => ({ id: row.id, createdAt: row.created_at })),
    async deleteActivities(conversationId) {
      db.joinTick();
      deleteActivities.run(conversationId);
    },
    async removeUnstarted(before) {
      db.joinTick();
      return deleteUnstarted.run(before).changes;
    },
    durably: (work) => db.durably(work),
    afterCommit: (listener) => db.afterCommit(listener),
  };
}
