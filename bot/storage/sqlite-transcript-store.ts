import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { withDate } from './activity-dates.js';
import type { Database } from './database.js';

// A page as large as a long chat, so the agent console usually reads a transcript in one go.
const PAGE_SIZE = 200;

type Row = { seq: number; activity: string };

/** botbuilder's TranscriptStore in SQLite: what the bot saw and said (secrets already masked), kept across restarts. */
export function createSqliteTranscriptStore(db: Database): TranscriptStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS transcript_activities (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      channel_id TEXT NOT NULL, conversation_id TEXT NOT NULL, at TEXT NOT NULL, activity TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS transcript_by_conversation ON transcript_activities (channel_id, conversation_id, seq);
  `);
  const insert = db.prepare('INSERT INTO transcript_activities (channel_id, conversation_id, at, activity) VALUES (?, ?, ?, ?)');
  const page = db.prepare<[string, string, number, string, number], Row>(
    'SELECT seq, activity FROM transcript_activities WHERE channel_id = ? AND conversation_id = ? AND seq > ? AND at >= ? ORDER BY seq LIMIT ?',
  );
  const conversations = db.prepare<[string, string, number], { conversation_id: string; first: string }>(
    `SELECT conversation_id, MIN(at) AS first FROM transcript_activities WHERE channel_id = ?
     GROUP BY conversation_id HAVING conversation_id > ? ORDER BY conversation_id LIMIT ?`,
  );
  const remove = db.prepare('DELETE FROM transcript_activities WHERE channel_id = ? AND conversation_id = ?');

  return {
    async logActivity(activity) {
      const at = new Date(activity.timestamp ?? Date.now()).toISOString();
      db.joinTick();
      insert.run(activity.channelId, activity.conversation.id, at, JSON.stringify(activity));
    },
    async getTranscriptActivities(channelId, conversationId, continuationToken, startDate) {
      const after = Number.parseInt(continuationToken ?? '0', 10) || 0;
      const since = startDate ? new Date(startDate).toISOString() : '';
      const rows = page.all(channelId, conversationId, after, since, PAGE_SIZE);
      const last = rows.at(-1);
      return {
        items: rows.map((row) => withDate(JSON.parse(row.activity) as Activity)),
        continuationToken: rows.length === PAGE_SIZE && last ? String(last.seq) : undefined,
      } as PagedResult<Activity>;
    },
    async listTranscripts(channelId, continuationToken) {
      const rows = conversations.all(channelId, continuationToken ?? '', PAGE_SIZE);
      const items: TranscriptInfo[] = rows.map((r) => ({ channelId, id: r.conversation_id, created: new Date(r.first) }));
      return { items, continuationToken: rows.length === PAGE_SIZE ? rows.at(-1)?.conversation_id : undefined } as PagedResult<TranscriptInfo>;
    },
    async deleteTranscript(channelId, conversationId) {
      db.joinTick();
      remove.run(channelId, conversationId);
    },
  };
}

/** Every activity of a conversation, across pages. */
export async function readTranscript(store: TranscriptStore, channelId: string, conversationId: string): Promise<Activity[]> {
  const all: Activity[] = [];
  let token: string | undefined;
  do {
    const page = await store.getTranscriptActivities(channelId, conversationId, token);
    all.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return all;
}
