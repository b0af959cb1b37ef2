import type pg from 'pg';
import type { ChatStores } from '../chat-stores.js';
import { withWebChatLog } from '../web-chat-transcripts.js';
import { createPendingWrites } from './pending-writes.js';
import { createPostgresConversationLog, type PostgresLogOptions } from './postgres-conversation-log.js';
import { createPostgresRecords } from './postgres-records.js';
import { createPostgresTokenUses } from './postgres-token-uses.js';
import { createPostgresTranscriptStore } from './postgres-transcript-store.js';

/**
 * The chat side's stores on PostgreSQL (the pool of one instance; the schema migrated by migrate.ts first). They share
 * the instance's writes in flight, so `durably` waits for every one of them. `onAppend` is the conversation log's
 * hook inside each append's transaction (postgres-conversation-log.ts).
 */
export function createPostgresChatStores(pool: pg.Pool, options: { webChannelId: string; onAppend?: PostgresLogOptions['onAppend'] }): ChatStores {
  const pending = createPendingWrites();
  const log = createPostgresConversationLog(pool, { pending, onAppend: options.onAppend });
  return {
    records: createPostgresRecords(pool, pending),
    transcripts: withWebChatLog(createPostgresTranscriptStore(pool, pending), log, options.webChannelId),
    log,
    tokenUses: createPostgresTokenUses(pool),
    durably: (work) => pending.durably(work),
  };
}
