import { type CaseEntry, type CaseStatus, type HandoffCase, type HandoffStore, OPEN_STATUSES } from './handoff-store.js';
import type { Database } from '../storage/database.js';

type CaseRow = { id: string; conversation_id: string; status: CaseStatus; created_at: string; data: string };
type EntryRow = { seq: number; case_id: string; at: string; kind: CaseEntry['kind']; author: string; text: string; delivered: number; activity: string | null };

// The open statuses as SQL, one text for the partial index and the queries that must match it to use it.
const OPEN = `(${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** Handoff cases and their timelines in SQLite. The searchable fields are columns; the rest is one JSON document. */
export function createSqliteHandoffStore(db: Database): HandoffStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS handoff_cases (
      id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL
    );
    DROP INDEX IF EXISTS handoff_cases_by_conversation;
    -- Every merchant message asks "is a case open here?": only open cases, newest last, so no sort per turn.
    CREATE INDEX IF NOT EXISTS handoff_open_cases ON handoff_cases (conversation_id, created_at) WHERE status IN ${OPEN};
    CREATE INDEX IF NOT EXISTS handoff_cases_by_status ON handoff_cases (status, created_at);
    CREATE TABLE IF NOT EXISTS handoff_entries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES handoff_cases(id), conversation_id TEXT NOT NULL,
      at TEXT NOT NULL, kind TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL, delivered INTEGER NOT NULL, activity TEXT
    );
    CREATE INDEX IF NOT EXISTS handoff_entries_by_case ON handoff_entries (case_id, seq);
    CREATE INDEX IF NOT EXISTS handoff_entries_undelivered ON handoff_entries (conversation_id, delivered);
  `);
  const insert = db.prepare('INSERT INTO handoff_cases (id, conversation_id, status, created_at, data) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare<[string], CaseRow>('SELECT * FROM handoff_cases WHERE id = ?');
  const conversationOf = db.prepare<[string], { conversation_id: string }>('SELECT conversation_id FROM handoff_cases WHERE id = ?');
  const open = db.prepare<[string], CaseRow>(`SELECT * FROM handoff_cases WHERE conversation_id = ? AND status IN ${OPEN} ORDER BY created_at DESC LIMIT 1`);
  const busy = db.prepare<{ conversation: string }, { one: number }>(
    `SELECT 1 AS one FROM handoff_cases WHERE conversation_id = @conversation AND status IN ${OPEN}
     UNION ALL SELECT 1 FROM handoff_entries WHERE conversation_id = @conversation AND delivered = 0 AND activity IS NOT NULL LIMIT 1`,
  );
  const ahead = db.prepare<{ id: string }, { n: number; waiting: number }>(
    `SELECT COUNT(*) AS n, (SELECT status = 'waiting' FROM handoff_cases WHERE id = @id) AS waiting FROM handoff_cases w
     WHERE w.status = 'waiting' AND (w.created_at, w.id) < (SELECT created_at, id FROM handoff_cases WHERE id = @id)`,
  );
  const queueLength = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM handoff_cases WHERE status = 'waiting'");
  // The bot owns its file (database.ts), so the store can remember which conversations may need the handoff: an open
  // case or an undelivered message. Every other conversation, almost every turn, skips the query. (Only one process
  // writes this file; the PostgreSQL store, shared by instances, asks the database every time.)
  const mayBeBusy = new Set(
    db
      .prepare<[], string>(
        `SELECT conversation_id FROM handoff_cases WHERE status IN ${OPEN}
         UNION SELECT conversation_id FROM handoff_entries WHERE delivered = 0 AND activity IS NOT NULL`,
      )
      .pluck()
      .all(),
  );
  const update = db.prepare('UPDATE handoff_cases SET status = ?, data = ? WHERE id = ?');
  const insertEntry = db.prepare(
    'INSERT INTO handoff_entries (case_id, conversation_id, at, kind, author, text, delivered, activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const selectEntries = db.prepare<[string], EntryRow>('SELECT * FROM handoff_entries WHERE case_id = ? ORDER BY seq');
  const selectUndelivered = db.prepare<[string], EntryRow>(
    'SELECT * FROM handoff_entries WHERE conversation_id = ? AND delivered = 0 AND activity IS NOT NULL ORDER BY seq',
  );
  const deliver = db.prepare('UPDATE handoff_entries SET delivered = 1 WHERE seq = ?');

  // Each call runs synchronously inside and answers a settled promise: a read-then-write has nothing in between.
  return {
    async create(c) {
      db.joinTick();
      insert.run(c.id, c.conversationId, c.status, c.createdAt, JSON.stringify(c));
      mayBeBusy.add(c.conversationId);
    },
    async get(id) {
      const row = select.get(id);
      return row && toCase(row);
    },
    async openFor(conversationId) {
      const row = open.get(conversationId);
      return row && toCase(row);
    },
    async idle(conversationId) {
      if (!mayBeBusy.has(conversationId)) return true;
      const idle = busy.get({ conversation: conversationId }) === undefined;
      if (idle) mayBeBusy.delete(conversationId);
      return idle;
    },
    async position(caseId) {
      const row = ahead.get({ id: caseId });
      return row?.waiting ? row.n + 1 : (queueLength.get()?.n ?? 0) + 1;
    },
    async list(statuses) {
      const marks = statuses.map(() => '?').join(', ');
      const rows = db.prepare<CaseStatus[], CaseRow>(`SELECT * FROM handoff_cases WHERE status IN (${marks}) ORDER BY created_at, id`).all(...statuses);
      return rows.map(toCase);
    },
    // A compare-and-set: the read and the one write run back to back, with nothing in between (SQLite is synchronous).
    async transition(id, from, patch) {
      db.joinTick();
      const row = select.get(id);
      if (!row || !from.includes(row.status)) return undefined;
      const next = { ...toCase(row), ...patch, id };
      update.run(next.status, JSON.stringify(next), id);
      if (OPEN_STATUSES.includes(next.status)) mayBeBusy.add(row.conversation_id);
      return next;
    },
    async addEntry(entry) {
      db.joinTick();
      const conversationId = (conversationOf.get(entry.caseId) as { conversation_id: string }).conversation_id;
      const activity = entry.activity ? JSON.stringify(entry.activity) : null;
      const { lastInsertRowid } = insertEntry.run(
        entry.caseId,
        conversationId,
        entry.at,
        entry.kind,
        entry.author,
        entry.text,
        entry.delivered ? 1 : 0,
        activity,
      );
      if (!entry.delivered && activity) mayBeBusy.add(conversationId);
      return { ...entry, seq: Number(lastInsertRowid) };
    },
    async entries(caseId) {
      return selectEntries.all(caseId).map(toEntry);
    },
    async undelivered(conversationId) {
      return selectUndelivered.all(conversationId).map(toEntry);
    },
    async markDelivered(seqs) {
      db.joinTick();
      for (const seq of seqs) deliver.run(seq);
    },
  };
}

function toCase(row: CaseRow): HandoffCase {
  return { ...(JSON.parse(row.data) as HandoffCase), status: row.status };
}

function toEntry(row: EntryRow): CaseEntry {
  return {
    seq: row.seq,
    caseId: row.case_id,
    at: row.at,
    kind: row.kind,
    author: row.author,
    text: row.text,
    delivered: row.delivered === 1,
    activity: row.activity ? JSON.parse(row.activity) : undefined,
  };
}
