import type { Activity } from 'botbuilder';
import type pg from 'pg';
import type { ConversationLog } from '../conversation-log.js';
import { createPendingWrites, type PendingWrites } from './pending-writes.js';
import { inTransaction } from './pool.js';
import { pgJson, pgText } from './values.js';

type ConversationRow = { id: string; user_id: string; created_at: string; started_at: string | null; ended_at: string | null };

export type PostgresLogOptions = {
  /** the instance's writes in flight (shared with its other chat stores) */
  pending?: PendingWrites;
  /**
   * Runs inside each append's transaction, after its rows are written and before COMMIT: the place to publish a
   * pointer with notifyIn (bot/events/postgres-pubsub.ts), which PostgreSQL delivers only if the rows commit.
   */
  onAppend?: (client: pg.PoolClient, conversationId: string, watermark: number) => Promise<void>;
};

// The conversation's sequence row hands out the numbers: its row lock orders appends to one conversation across
// instances, and the numbers commit with the rows, so a reader never sees a number committed after a larger one.
const TAKE_NUMBERS = 'UPDATE conversations SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq';
const INSERT_ACTIVITIES = `INSERT INTO activities (conversation_id, seq, activity)
  SELECT $1, $2::bigint + t.ord - 1, t.value FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(value, ord)`;
// One statement, one snapshot: the conversation's last number is read with the rows, so the watermark given with
// them never passes a row this read did not see.
const SINCE = `SELECT seq, activity FROM (
    (SELECT seq, activity FROM activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
    UNION ALL SELECT last_seq, NULL FROM conversations WHERE id = $1
  ) page ORDER BY seq, activity IS NULL`;
const REMOVE_UNSTARTED = `DELETE FROM conversations WHERE started_at IS NULL AND created_at < $1
  AND NOT EXISTS (SELECT 1 FROM activities WHERE conversation_id = conversations.id)`;

/**
 * The web channel's conversation log in PostgreSQL (conversations, activities), shared by every instance. An append
 * takes its numbers from the conversation's `last_seq` row (UPDATE … RETURNING) and inserts its activities in the same
 * transaction; it resolves once committed, with the committed watermark. Nothing is published here: `onAppend` is
 * where the live events go.
 */
export function createPostgresConversationLog(pool: pg.Pool, options: PostgresLogOptions = {}): ConversationLog {
  const pending = options.pending ?? createPendingWrites();
  const write = async (sql: string, params: unknown[]) => (await pending.track(pool.query(sql, params))).rowCount ?? 0;

  return {
    async create({ id, userId, createdAt }) {
      await write('INSERT INTO conversations (id, user_id, created_at) VALUES ($1, $2, $3)', [pgText(id), pgText(userId), createdAt]);
    },
    async get(id) {
      const { rows } = await pool.query<ConversationRow>('SELECT id, user_id, created_at, started_at, ended_at FROM conversations WHERE id = $1', [pgText(id)]);
      const row = rows[0];
      return row && { id: row.id, userId: row.user_id, createdAt: row.created_at, startedAt: row.started_at ?? undefined, endedAt: row.ended_at ?? undefined };
    },
    async markEnded(id, at) {
      await write('UPDATE conversations SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL', [at, pgText(id)]);
    },
    // Of two instances starting it at once, the second finds started_at set once the first commits.
    markStarted: async (id, at) => (await write('UPDATE conversations SET started_at = $1 WHERE id = $2 AND started_at IS NULL', [at, pgText(id)])) === 1,
    append: (conversationId, activities, stamp) =>
      pending.track(
        inTransaction(pool, async (client) => {
          const { rows } = await client.query<{ last_seq: number }>(TAKE_NUMBERS, [pgText(conversationId), activities.length]);
          const last = rows[0]?.last_seq;
          if (last === undefined) throw new Error(`There is no web chat conversation "${conversationId}" to add activities to.`);
          const first = last - activities.length + 1;
          const stored = activities.map((activity, i) => stamp(activity, first + i));
          if (stored.length > 0) await client.query(INSERT_ACTIVITIES, [pgText(conversationId), first, pgJson(stored)]);
          await options.onAppend?.(client, conversationId, last);
          return { activities: stored, watermark: last };
        }),
      ),
    async since(conversationId, watermark, limit) {
      const { rows } = await pool.query<{ seq: number; activity: Activity | null }>(SINCE, [pgText(conversationId), watermark, limit ?? null]);
      const found = rows.filter((row) => row.activity !== null);
      const latest = rows.find((row) => row.activity === null)?.seq;
      const lastFound = found.at(-1)?.seq;
      // A full page ends at its last row; otherwise the page is everything after the watermark, up to the latest.
      const full = limit !== undefined && found.length === limit;
      return { activities: found.map((row) => row.activity as Activity), watermark: (full ? lastFound : latest) ?? lastFound ?? 0 };
    },
    async started(after, limit) {
      const { rows } = await pool.query<{ id: string; created_at: string }>(
        'SELECT id, created_at FROM conversations WHERE id > $1 AND started_at IS NOT NULL ORDER BY id LIMIT $2',
        [pgText(after), limit],
      );
      return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
    },
    async deleteActivities(conversationId) {
      await write('DELETE FROM activities WHERE conversation_id = $1', [pgText(conversationId)]);
    },
    removeUnstarted: (before) => write(REMOVE_UNSTARTED, [before]),
    durably: (work) => pending.durably(work),
    // Each write above resolved only once committed (or failed its caller): nothing of them is left to wait for.
    afterCommit: (listener) => queueMicrotask(() => listener(true)),
  };
}
