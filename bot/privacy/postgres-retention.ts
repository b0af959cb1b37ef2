import type pg from 'pg';
import { CHANNEL_ID as WEB_CHANNEL } from '../channel/web-chats.js';
import { inTransaction, type Queryable } from '../storage/postgres/pool.js';
import type { RetentionPurge } from './retention.js';

// Rows deleted per statement: a few milliseconds of work, then the event loop is free again.
const BATCH = 500;
// Tables whose rows carry their own time, numbered as written, so the oldest come first: a batch looks at the oldest
// rows only, and the purge stops at the first batch with nothing old (no scan of a large table every hour).
const TIMED = [
  ['transcript_activities', 'seq', 'at'],
  ['turn_records', 'seq', 'at'],
  ['feedback_records', 'seq', 'at'],
  ['missed_questions', 'seq', 'at'],
  ['webhook_outbox', 'id', 'created_at'],
] as const;

// Of the oldest cases, those no other instance's purge holds.
const OLD_CASES = `SELECT id FROM handoff_cases WHERE created_at < $1 ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
const FORGET_CASES = [
  'DELETE FROM case_history WHERE case_id = ANY($1)',
  'DELETE FROM mail_outbox WHERE case_id = ANY($1)',
  'DELETE FROM handoff_claims WHERE case_id = ANY($1)',
  'DELETE FROM handoff_entries WHERE case_id = ANY($1)',
  'DELETE FROM handoff_cases WHERE id = ANY($1)',
];
// A web chat is over once its last activity is older than the cutoff ($1) and it was created before it.
const WEB_STALE = (id: string) =>
  `COALESCE((SELECT (a.activity ->> 'timestamp')::timestamptz FROM activities a WHERE a.conversation_id = ${id} ORDER BY a.seq DESC LIMIT 1), '-infinity') < $1`;
const CONVERSATIONS = `SELECT id, created_at < $1 AND ${WEB_STALE('c.id')} AS gone FROM conversations c WHERE id > $2 ORDER BY id LIMIT ${BATCH}`;
// State keys are "<channel>/conversations/<id>/"; any other channel's conversation is over once it has no transcript
// line inside the period.
const STATE = `SELECT key, channel, conversation, conversation IS NOT NULL AND CASE WHEN channel = $3 THEN ${WEB_STALE('conversation')}
    ELSE NOT EXISTS (SELECT 1 FROM transcript_activities t WHERE t.channel_id = channel AND t.conversation_id = conversation AND t.at >= $1) END AS gone
  FROM (SELECT key, substring(key from '^(.*?)/conversations/') AS channel, substring(key from '/conversations/(.*)/$') AS conversation
        FROM bot_state WHERE key > $2 ORDER BY key LIMIT ${BATCH}) page`;

/** Rows of one channel's conversations outside the time-ordered tables; a web chat's log and conversation too. */
async function forget(db: Queryable, channel: string, ids: string[]): Promise<number> {
  const keys = ids.map((id) => `${channel}/conversations/${id}/`);
  const statements: [string, unknown[]][] = [
    ['DELETE FROM bot_state WHERE key = ANY($1)', [keys]],
    ['DELETE FROM last_questions WHERE conversation_id = ANY($1)', [ids]],
    ['DELETE FROM last_turns WHERE conversation_id = ANY($1)', [ids]],
  ];
  if (channel === WEB_CHANNEL)
    statements.push(['DELETE FROM activities WHERE conversation_id = ANY($1)', [ids]], ['DELETE FROM conversations WHERE id = ANY($1)', [ids]]);
  let rows = 0;
  for (const [sql, params] of statements) rows += (await db.query(sql, params)).rowCount ?? 0;
  return rows;
}

/**
 * Web chats found stale are locked and checked again before they go: an append holds the conversation's row until it
 * commits, so a merchant who comes back at that moment keeps the conversation.
 */
const forgetWebChats = (pool: pg.Pool, cutoff: string, candidates: string[]) =>
  inTransaction(pool, async (db) => {
    await db.query('SELECT id FROM conversations WHERE id = ANY($1) ORDER BY id FOR UPDATE', [candidates]);
    const { rows } = await db.query<{ id: string }>(`SELECT c.id FROM unnest($2::text[]) AS c(id) WHERE ${WEB_STALE('c.id')}`, [cutoff, candidates]);
    const ids = rows.map((row) => row.id);
    return { rows: ids.length > 0 ? await forget(db, WEB_CHANNEL, ids) : 0, conversations: ids.length };
  });

/**
 * The retention purge in PostgreSQL. Every instance schedules it; batches lock what they delete, so two purges at
 * once share the work instead of repeating it. PostgreSQL keeps deleted rows' bytes until VACUUM reuses the space.
 */
export function createPostgresRetentionPurge(pool: pg.Pool): RetentionPurge {
  async function* batches(cutoff: string) {
    const conversationsAfter = async (after: string) => (await pool.query<{ id: string; gone: boolean }>(CONVERSATIONS, [cutoff, after])).rows;
    const stateAfter = async (after: string) =>
      (await pool.query<{ key: string; channel: string; conversation: string; gone: boolean }>(STATE, [cutoff, after, WEB_CHANNEL])).rows;
    for (const [table, seq, at] of TIMED) {
      const step = `DELETE FROM ${table} WHERE ${seq} IN (SELECT ${seq} FROM ${table} ORDER BY ${seq} LIMIT ${BATCH}) AND ${at} < $1`;
      for (let deleted = BATCH; deleted > 0; ) {
        deleted = (await pool.query(step, [cutoff])).rowCount ?? 0;
        yield { rows: deleted, conversations: 0 };
      }
    }
    for (let found = BATCH; found > 0; ) {
      const batch = await inTransaction(pool, async (db) => {
        const ids = (await db.query<{ id: string }>(OLD_CASES, [cutoff])).rows.map((row) => row.id);
        let rows = 0;
        if (ids.length > 0) for (const sql of FORGET_CASES) rows += (await db.query(sql, [ids])).rowCount ?? 0;
        return { rows, found: ids.length };
      });
      found = batch.found;
      yield { rows: batch.rows, conversations: 0 };
    }
    for (let after: string | undefined = ''; after !== undefined; ) {
      const rows = await conversationsAfter(after);
      after = rows.at(-1)?.id;
      const gone = rows.filter((row) => row.gone).map((row) => row.id);
      yield gone.length > 0 ? await forgetWebChats(pool, cutoff, gone) : { rows: 0, conversations: 0 };
    }
    for (let after: string | undefined = ''; after !== undefined; ) {
      const rows = await stateAfter(after);
      after = rows.at(-1)?.key;
      const byChannel = new Map<string, string[]>();
      for (const row of rows) if (row.gone) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row.conversation]);
      let deleted = 0;
      let conversations = 0;
      for (const [channel, ids] of byChannel) {
        // A web chat's state goes with its conversation, counted in the step before.
        if (channel === WEB_CHANNEL) deleted += (await forgetWebChats(pool, cutoff, ids)).rows;
        else {
          deleted += await forget(pool, channel, ids);
          conversations += ids.length;
        }
      }
      yield { rows: deleted, conversations };
    }
  }

  return { batches, finish: async () => undefined };
}
