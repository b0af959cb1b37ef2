import type { TranscriptStore } from 'botbuilder';
import type { ConversationLog } from './conversation-log.js';
import type { Records } from './records.js';
import type { TokenUses } from './token-uses.js';

/**
 * The chat side's stores on one engine: createSqliteChatStores (sqlite-chat-stores.ts) or createPostgresChatStores
 * (postgres/postgres-chat-stores.ts).
 */
export type ChatStores = {
  /** turn and feedback records and the misses the editors' report reads */
  records: Records;
  /** every channel's transcripts; the web channel's are read from `log` (kept once) */
  transcripts: TranscriptStore;
  /** the web channel's conversations and activities */
  log: ConversationLog;
  /** the web channel's once-only stream tokens */
  tokenUses: TokenUses;
  /**
   * Runs `work` and resolves once everything written through these stores meanwhile is committed, also what was
   * not awaited (botbuilder's transcript logger does not wait for its writes); StorageUnavailableError if a write
   * failed. An answer waits for this before it is sent.
   */
  durably: <T>(work: () => T | Promise<T>) => Promise<T>;
};
