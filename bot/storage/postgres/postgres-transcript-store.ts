import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { withDate } from '../activity-dates.js';
import type pg from 'pg';
import { createPendingWrites, type PendingWrites } from './pending-writes.js';
import { pgJson, pgText } from './values.js';

// As the SQLite transcript store's pages.
const PAGE_SIZE = 200;

const PAGE = `SELECT seq, activity FROM transcript_activities
  WHERE channel_id = $1 AND conversation_id = $2 AND seq > $3 AND ($4::timestamptz IS NULL OR at >= $4) ORDER BY seq LIMIT $5`;
const CONVERSATIONS = `SELECT conversation_id, MIN(at) AS first FROM transcript_activities WHERE channel_id = $1 AND conversation_id > $2
  GROUP BY conversation_id ORDER BY conversation_id LIMIT $3`;

/**
 * botbuilder's TranscriptStore in PostgreSQL (transcript_activities), for the channels other than the web chat (whose
 * transcript is its conversation log). botbuilder's transcript logger does not wait for `logActivity`: the write is
 * tracked in `pending`, so the instance's `durably` makes the answer wait for it.
 */
export function createPostgresTranscriptStore(pool: pg.Pool, pending: PendingWrites = createPendingWrites()): TranscriptStore {
  return {
    async logActivity(activity) {
      const at = new Date(activity.timestamp ?? Date.now()).toISOString();
      const params = [pgText(activity.channelId), pgText(activity.conversation.id), at, pgJson(activity)];
      await pending.track(pool.query('INSERT INTO transcript_activities (channel_id, conversation_id, at, activity) VALUES ($1, $2, $3, $4::jsonb)', params));
    },
    async getTranscriptActivities(channelId, conversationId, continuationToken, startDate) {
      const after = Number.parseInt(continuationToken ?? '0', 10) || 0;
      const since = startDate ? new Date(startDate).toISOString() : null;
      const { rows } = await pool.query<{ seq: number; activity: Activity }>(PAGE, [pgText(channelId), pgText(conversationId), after, since, PAGE_SIZE]);
      const last = rows.at(-1);
      return {
        items: rows.map((row) => withDate(row.activity)),
        continuationToken: rows.length === PAGE_SIZE && last ? String(last.seq) : undefined,
      } as PagedResult<Activity>;
    },
    async listTranscripts(channelId, continuationToken) {
      const { rows } = await pool.query<{ conversation_id: string; first: string }>(CONVERSATIONS, [
        pgText(channelId),
        pgText(continuationToken ?? ''),
        PAGE_SIZE,
      ]);
      const items: TranscriptInfo[] = rows.map((r) => ({ channelId, id: r.conversation_id, created: new Date(r.first) }));
      return { items, continuationToken: rows.length === PAGE_SIZE ? rows.at(-1)?.conversation_id : undefined } as PagedResult<TranscriptInfo>;
    },
    async deleteTranscript(channelId, conversationId) {
      await pending.track(
        pool.query('DELETE FROM transcript_activities WHERE channel_id = $1 AND conversation_id = $2', [pgText(channelId), pgText(conversationId)]),
      );
    },
  };
}
