import type { Activity } from 'botbuilder';
import type { Queryable } from '../storage/postgres/pool.js';
import { pgJson, pgText } from '../storage/postgres/values.js';
import { type CaseEntry, type CaseStatus, type HandoffCase, type HandoffStore, OPEN_STATUSES } from './handoff-store.js';

type CaseRow = { status: CaseStatus; data: HandoffCase };
type EntryRow = {
  seq: number;
  case_id: string;
  at: string;
  kind: CaseEntry['kind'];
  author: string;
  text: string;
  delivered: boolean;
  activity: Partial<Activity> | null;
};

// The open statuses as SQL, the same text as the partial index handoff_open_cases (migration 001), so queries use it.
const OPEN = `(${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;
// Ids break ties between cases opened in the same millisecond: by their bytes, as SQLite compares them, whatever the
// database's collation.
const BY_AGE = 'created_at, id COLLATE "C"';

const SELECT_OPEN = `SELECT status, data FROM handoff_cases WHERE conversation_id = $1 AND status IN ${OPEN} ORDER BY created_at DESC LIMIT 1`;
const BUSY = `SELECT EXISTS (SELECT 1 FROM handoff_cases WHERE conversation_id = $1 AND status IN ${OPEN})
  OR EXISTS (SELECT 1 FROM handoff_entries WHERE conversation_id = $1 AND NOT delivered AND activity IS NOT NULL) AS busy`;
const POSITION = `SELECT c.status = 'waiting' AS waiting,
  (SELECT count(*) FROM handoff_cases w WHERE w.status = 'waiting'
     AND (w.created_at < c.created_at OR (w.created_at = c.created_at AND w.id COLLATE "C" < c.id COLLATE "C"))) AS ahead
  FROM handoff_cases c WHERE c.id = $1`;
// The compare-and-set: the row changes only while its status is still one of $2. Under READ COMMITTED a second
// UPDATE of the same row waits for the first to commit and then checks the row the first left, so of two agents
// claiming at once on two instances exactly one gets the row back.
const TRANSITION = `UPDATE handoff_cases SET status = COALESCE($3, status),
  data = data || $4::jsonb || jsonb_build_object('status', COALESCE($3, status))
  WHERE id = $1 AND status = ANY($2::text[]) RETURNING status, data`;
const INSERT_ENTRY = `INSERT INTO handoff_entries (case_id, conversation_id, at, kind, author, text, delivered, activity)
  SELECT id, conversation_id, $2, $3, $4, $5, $6, $7::jsonb FROM handoff_cases WHERE id = $1 RETURNING seq`;

/**
 * Handoff cases and their timelines in PostgreSQL, shared by every instance: the searchable fields are columns, the
 * rest one JSONB document (migration 001). Nothing is cached in the process: another instance may open a case or
 * leave a message for a conversation at any time, so `idle` asks the database (two index probes) on every turn.
 */
export function createPostgresHandoffStore(db: Queryable): HandoffStore {
  const cases = async (sql: string, params: unknown[]) => (await db.query<CaseRow>(sql, params)).rows.map(toCase);
  const entries = async (sql: string, params: unknown[]) => (await db.query<EntryRow>(sql, params)).rows.map(toEntry);

  return {
    async create(c) {
      await db.query('INSERT INTO handoff_cases (id, conversation_id, status, created_at, data) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        c.id,
        pgText(c.conversationId),
        c.status,
        c.createdAt,
        pgJson(c),
      ]);
    },
    get: async (id) => (await cases('SELECT status, data FROM handoff_cases WHERE id = $1', [id]))[0],
    openFor: async (conversationId) => (await cases(SELECT_OPEN, [pgText(conversationId)]))[0],
    async idle(conversationId) {
      const { rows } = await db.query<{ busy: boolean }>(BUSY, [pgText(conversationId)]);
      return rows[0]?.busy !== true;
    },
    async position(caseId) {
      const { rows } = await db.query<{ waiting: boolean; ahead: number }>(POSITION, [caseId]);
      if (rows[0]?.waiting) return rows[0].ahead + 1;
      const queue = await db.query<{ n: number }>("SELECT count(*) AS n FROM handoff_cases WHERE status = 'waiting'");
      return (queue.rows[0]?.n ?? 0) + 1;
    },
    list: (statuses) => cases(`SELECT status, data FROM handoff_cases WHERE status = ANY($1::text[]) ORDER BY ${BY_AGE}`, [statuses]),
    async transition(id, from, patch) {
      const { id: _, ...changes } = patch as Partial<HandoffCase>;
      return (await cases(TRANSITION, [id, from, patch.status ?? null, pgJson(changes)]))[0];
    },
    async addEntry(entry) {
      const activity = entry.activity ? pgJson(entry.activity) : null;
      const params = [entry.caseId, entry.at, entry.kind, pgText(entry.author), pgText(entry.text), entry.delivered, activity];
      const { rows } = await db.query<{ seq: number }>(INSERT_ENTRY, params);
      const seq = rows[0]?.seq;
      if (seq === undefined) throw new Error(`addEntry: there is no handoff case ${entry.caseId}.`);
      return { ...entry, seq };
    },
    entries: (caseId) => entries('SELECT * FROM handoff_entries WHERE case_id = $1 ORDER BY seq', [caseId]),
    undelivered: (conversationId) =>
      entries('SELECT * FROM handoff_entries WHERE conversation_id = $1 AND NOT delivered AND activity IS NOT NULL ORDER BY seq', [pgText(conversationId)]),
    async markDelivered(seqs) {
      if (seqs.length > 0) await db.query('UPDATE handoff_entries SET delivered = true WHERE seq = ANY($1::bigint[])', [seqs]);
    },
  };
}

function toCase(row: CaseRow): HandoffCase {
  return { ...row.data, status: row.status };
}

function toEntry(row: EntryRow): CaseEntry {
  return {
    seq: row.seq,
    caseId: row.case_id,
    at: row.at,
    kind: row.kind,
    author: row.author,
    text: row.text,
    delivered: row.delivered,
    activity: row.activity ?? undefined,
  };
}
