import type pg from 'pg';
import type { ChatStores } from '../../bot/storage/chat-stores.js';
import { openDatabase } from '../../bot/storage/database.js';
import { createPostgresChatStores } from '../../bot/storage/postgres/postgres-chat-stores.js';
import { createSqliteChatStores } from '../../bot/storage/sqlite-chat-stores.js';
import { createMigratedTestDatabase } from '../support/postgres.js';

export const WEB_CHANNEL = 'directline';

/** One engine's chat stores for a contract suite: each `open()` may be another instance (its own connections). */
export type ChatEngine = { open: () => ChatStores; close: () => Promise<void> };

/** The default: one in-memory SQLite file, one set of stores (an instance of its own is all SQLite has). */
export async function sqliteChatEngine(): Promise<ChatEngine> {
  const db = openDatabase(':memory:');
  const stores = createSqliteChatStores(db, { webChannelId: WEB_CHANNEL });
  return { open: () => stores, close: async () => void db.close() };
}

/** A throwaway database of its own; each `open()` is an instance with a pool of its own. */
export async function postgresChatEngine(label: string): Promise<ChatEngine & { pool: () => pg.Pool; url: string }> {
  const database = await createMigratedTestDatabase(label);
  return { ...database, open: () => createPostgresChatStores(database.pool(), { webChannelId: WEB_CHANNEL }) };
}
