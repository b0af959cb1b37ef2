import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { createConversationTables } from './conversation-log.js';
import type { Database } from './database.js';

// As the SQLite transcript store's pages.
const PAGE_SIZE = 200;

/**
 * The transcript of web chats is their Direct Line log: the merchant's question (masked, cut) and the bot's replies
 * are stored there already, so the transcript logger keeps nothing more for `channelId` and reads come from that log.
 * Every other channel goes to `inner`. This halves what an ordinary web-chat turn stores.
 */
export function withWebChatLog(inner: TranscriptStore, db: Database, channelId: string): TranscriptStore {
  createConversationTables(db);
  const page = db.prepare<[string, number, number], { seq: number; activity: string }>(
    'SELECT seq, activity FROM activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const conversations = db.prepare<[string, number], { id: string; created_at: string }>(
    'SELECT id, created_at FROM conversations WHERE id > ? AND started_at IS NOT NULL ORDER BY id LIMIT ?',
  );
  const remove = db.prepare('DELETE FROM activities WHERE conversation_id = ?');

  return {
    logActivity: (activity) => (activity.channelId === channelId ? Promise.resolve() : inner.logActivity(activity)),
    async getTranscriptActivities(channel, conversationId, continuationToken, startDate) {
      if (channel !== channelId) return inner.getTranscriptActivities(channel, conversationId, continuationToken, startDate);
      const rows = page.all(conversationId, Number.parseInt(continuationToken ?? '0', 10) || 0, PAGE_SIZE);
      const since = startDate ? new Date(startDate).getTime() : 0;
      const items = rows.map((r) => withDate(JSON.parse(r.activity) as Activity)).filter((a) => new Date(a.timestamp ?? 0).getTime() >= since);
      const last = rows.at(-1);
      return { items, continuationToken: rows.length === PAGE_SIZE && last ? String(last.seq) : undefined } as PagedResult<Activity>;
    },
    async listTranscripts(channel, continuationToken) {
      if (channel !== channelId) return inner.listTranscripts(channel, continuationToken);
      const rows = conversations.all(continuationToken ?? '', PAGE_SIZE);
      const items: TranscriptInfo[] = rows.map((r) => ({ channelId, id: r.id, created: new Date(r.created_at) }));
      return { items, continuationToken: rows.length === PAGE_SIZE ? rows.at(-1)?.id : undefined } as PagedResult<TranscriptInfo>;
    },
    async deleteTranscript(channel, conversationId) {
      if (channel !== channelId) return inner.deleteTranscript(channel, conversationId);
      db.joinTick();
      remove.run(conversationId);
    },
  };
}

// MemoryTranscriptStore hands back Dates; keep that shape for code written against it.
function withDate(activity: Activity): Activity {
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  return activity;
}
