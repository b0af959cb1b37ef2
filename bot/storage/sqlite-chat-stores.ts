import type { ChatStores } from './chat-stores.js';
import type { Database } from './database.js';
import { createSqliteConversationLog } from './sqlite-conversation-log.js';
import { createSqliteRecords } from './sqlite-records.js';
import { createSqliteTranscriptStore } from './sqlite-transcript-store.js';
import { createMemoryTokenUses } from './token-uses.js';
import { withWebChatLog } from './web-chat-transcripts.js';

/** The chat side's stores in the SQLite file (the default): the tick's writes are group-committed (database.ts). */
export function createSqliteChatStores(db: Database, options: { webChannelId: string }): ChatStores {
  const log = createSqliteConversationLog(db);
  return {
    records: createSqliteRecords(db),
    // Web chats' transcripts are their Direct Line log (kept once); other channels' go to the transcript table.
    transcripts: withWebChatLog(createSqliteTranscriptStore(db), log, options.webChannelId),
    log,
    // One bot per file: its memory is the only place a stream token can be used.
    tokenUses: createMemoryTokenUses(),
    durably: (work) => db.durably(work),
  };
}
