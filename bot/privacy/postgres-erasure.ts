import type pg from 'pg';
import { inTransaction, type Queryable } from '../storage/postgres/pool.js';
import { pgText } from '../storage/postgres/values.js';
import type { DataErasure, ErasureAudit, ErasureSubject } from './data-erasure.js';
import { subjectOf } from './data-erasure.js';

// Bot state keys are "<channel>/conversations/<id>/"; this is the "<id>/" part.
const STATE_ID = "substr(key, strpos(key, '/conversations/') + 15)";
const IS_CONVERSATION_STATE = "strpos(key, '/conversations/') > 0";
// A store id wherever a document carries it (channelData.storeId, the handoff packet's storeId), at any depth.
const HAS_STORE = (column: string) => `jsonb_path_exists(${column}, 'lax $.**.storeId ? (@ == $v)', jsonb_build_object('v', $1::text))`;
// An e-mail address anywhere in a document's text, in any case.
const HAS_TEXT = (column: string) => `strpos(lower(${column}::text), $1) > 0`;

/**
 * Everything of one conversation, on every channel, in every table: the web chat log, transcripts, state, records,
 * and the handoff's cases with what the agent desk keeps beside them (history, e-mail answers, claim times, webhook
 * deliveries, whose bodies carry the transcript). Children before parents (foreign keys). Gives the rows deleted.
 */
const FORGET_CONVERSATION = [
  // An append on another instance holds this row until it commits: its activities are then deleted too.
  'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE',
  'DELETE FROM activities WHERE conversation_id = $1',
  'DELETE FROM conversations WHERE id = $1',
  'DELETE FROM transcript_activities WHERE conversation_id = $1',
  `DELETE FROM bot_state WHERE ${IS_CONVERSATION_STATE} AND ${STATE_ID} = $1 || '/'`,
  'DELETE FROM last_questions WHERE conversation_id = $1',
  'DELETE FROM last_turns WHERE conversation_id = $1',
  'DELETE FROM turn_records WHERE conversation_id = $1',
  'DELETE FROM feedback_records WHERE conversation_id = $1',
  'DELETE FROM missed_questions WHERE conversation_id = $1',
  'DELETE FROM case_history WHERE case_id IN (SELECT id FROM handoff_cases WHERE conversation_id = $1)',
  'DELETE FROM mail_outbox WHERE case_id IN (SELECT id FROM handoff_cases WHERE conversation_id = $1)',
  'DELETE FROM handoff_claims WHERE case_id IN (SELECT id FROM handoff_cases WHERE conversation_id = $1)',
  "DELETE FROM webhook_outbox WHERE body ->> 'conversationId' = $1",
  "DELETE FROM webhook_outbox WHERE body ->> 'caseId' IN (SELECT id FROM handoff_cases WHERE conversation_id = $1)",
  'DELETE FROM handoff_entries WHERE conversation_id = $1 OR case_id IN (SELECT id FROM handoff_cases WHERE conversation_id = $1)',
  'DELETE FROM handoff_cases WHERE conversation_id = $1',
];

async function forgetConversation(db: Queryable, id: string): Promise<number> {
  let rows = 0;
  for (const sql of FORGET_CONVERSATION) {
    const result = await db.query(sql, [id]);
    if (result.command === 'DELETE') rows += result.rowCount ?? 0;
  }
  return rows;
}

async function conversationsOf(db: Queryable, { kind, value }: ErasureSubject): Promise<string[]> {
  if (kind === 'conversation') return [value];
  const where = kind === 'store' ? HAS_STORE : HAS_TEXT;
  const mail =
    kind === 'email' ? 'UNION SELECT c.conversation_id FROM handoff_cases c JOIN mail_outbox m ON m.case_id = c.id WHERE lower(m.to_address) = $1' : '';
  const { rows } = await db.query<{ id: string }>(
    `SELECT conversation_id AS id FROM handoff_cases WHERE ${where('data')}
     UNION SELECT conversation_id FROM transcript_activities WHERE ${where('activity')}
     UNION SELECT conversation_id FROM activities WHERE ${where('activity')}
     UNION SELECT rtrim(${STATE_ID}, '/') FROM bot_state WHERE ${IS_CONVERSATION_STATE} AND ${where('item')}
     ${mail}`,
    [kind === 'store' ? value : value.toLowerCase()],
  );
  return rows.map((row) => row.id);
}

const INSERT_AUDIT = 'INSERT INTO erasure_audit (at, "by", kind, subject, conversations, "rows") VALUES ($1, $2, $3, $4, $5, $6)';
const audit = (db: Queryable, e: ErasureAudit) => db.query(INSERT_AUDIT, [e.at, pgText(e.by), e.kind, pgText(e.subject), e.conversations, e.rows]);

/**
 * The erasure in PostgreSQL, from any instance while the others run: the search, the deletes and the audit entry in
 * one transaction. PostgreSQL keeps deleted rows' bytes in its files until VACUUM reuses the space, and in its WAL
 * and backups for as long as those are kept: unlike SQLite's secure_delete, nothing here overwrites them.
 */
export function createPostgresErasure(pool: pg.Pool, now: () => Date = () => new Date()): DataErasure {
  return {
    conversationsOf: (subject) => conversationsOf(pool, { ...subject, value: pgText(subject.value) }),
    erase: (subject, by) =>
      inTransaction(pool, async (db) => {
        const erased: number[] = [];
        for (const id of await conversationsOf(db, { ...subject, value: pgText(subject.value) })) erased.push(await forgetConversation(db, id));
        // A conversation counts when something of it was there (an id typed wrong erases nothing).
        const result = { conversations: erased.filter((rows) => rows > 0).length, rows: erased.reduce((sum, rows) => sum + rows, 0) };
        await audit(db, { at: now().toISOString(), by, kind: subject.kind, subject: subjectOf(subject), ...result });
        return result;
      }),
    audit: async (entry) => void (await audit(pool, entry)),
    async auditLog(latest) {
      const { rows } = await pool.query<ErasureAudit>(
        `SELECT at, "by" AS by, kind, subject, conversations, "rows" AS rows FROM
         (SELECT * FROM erasure_audit ORDER BY seq DESC LIMIT $1) latest ORDER BY seq`,
        [latest ?? null],
      );
      return rows;
    },
  };
}
