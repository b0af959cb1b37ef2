import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { withDate } from './activity-dates.js';
import type { ConversationLog } from './conversation-log.js';

// As the transcript stores' pages.
const PAGE_SIZE = 200;

/**
 * The transcript of web chats is their Direct Line log: the merchant's question (masked, cut) and the bot's replies
 * are stored there already, so the transcript logger keeps nothing more for `channelId` and reads come from that log.
 * Every other channel goes to `inner`. This halves what an ordinary web-chat turn stores. Either engine's log.
 */
export function withWebChatLog(inner: TranscriptStore, log: ConversationLog, channelId: string): TranscriptStore {
  return {
    logActivity: (activity) => (activity.channelId === channelId ? Promise.resolve() : inner.logActivity(activity)),
    async getTranscriptActivities(channel, conversationId, continuationToken, startDate) {
      if (channel !== channelId) return inner.getTranscriptActivities(channel, conversationId, continuationToken, startDate);
      const page = await log.since(conversationId, Number.parseInt(continuationToken ?? '0', 10) || 0, PAGE_SIZE);
      const since = startDate ? new Date(startDate).getTime() : 0;
      const items = page.activities.map(withDate).filter((a) => new Date(a.timestamp ?? 0).getTime() >= since);
      return { items, continuationToken: page.activities.length === PAGE_SIZE ? String(page.watermark) : undefined } as PagedResult<Activity>;
    },
    async listTranscripts(channel, continuationToken) {
      if (channel !== channelId) return inner.listTranscripts(channel, continuationToken);
      const rows = await log.started(continuationToken ?? '', PAGE_SIZE);
      const items: TranscriptInfo[] = rows.map((r) => ({ channelId, id: r.id, created: new Date(r.createdAt) }));
      return { items, continuationToken: rows.length === PAGE_SIZE ? rows.at(-1)?.id : undefined } as PagedResult<TranscriptInfo>;
    },
    async deleteTranscript(channel, conversationId) {
      if (channel !== channelId) return inner.deleteTranscript(channel, conversationId);
      await log.deleteActivities(conversationId);
    },
  };
}
