import type { Storage } from 'botbuilder';
import type pg from 'pg';
import { createSqliteCaseHistory } from '../../bot/handoff/sqlite-case-history.js';
import { createSqliteClaimTimes } from '../../bot/handoff/sqlite-claim-times.js';
import { createSqliteHandoffStore } from '../../bot/handoff/sqlite-handoff-store.js';
import { createSqliteMailOutbox } from '../../bot/handoff/sqlite-mail-outbox.js';
import { createLogger } from '../../bot/logger.js';
import { createPostgresPrivacy, createSqlitePrivacy, type Privacy } from '../../bot/privacy/privacy.js';
import type { ChatStores } from '../../bot/storage/chat-stores.js';
import { openDatabase } from '../../bot/storage/database.js';
import { createPostgresStorage } from '../../bot/storage/postgres/postgres-storage.js';
import { createSqliteChatStores } from '../../bot/storage/sqlite-chat-stores.js';
import { createSqliteStorage } from '../../bot/storage/sqlite-storage.js';
import { postgresChatEngine, WEB_CHANNEL } from '../storage/chat-engines.js';

/**
 * One engine for the privacy contract: the chat stores and state to fill, SQL that reads the same on both engines
 * (written with ?) for the handoff's rows and for counting, and the erasure and retention under test.
 */
export type PrivacyEngine = {
  stores: ChatStores;
  state: Storage;
  privacy: (options: { days: number; now: () => Date }) => Privacy;
  run: (sql: string, ...params: unknown[]) => Promise<void>;
  count: (sql: string, ...params: unknown[]) => Promise<number>;
  close: () => Promise<void>;
};

const logger = createLogger('silent');

export async function sqlitePrivacyEngine(): Promise<PrivacyEngine> {
  const db = openDatabase(':memory:');
  // The handoff's tables, as the bot creates them.
  createSqliteHandoffStore(db);
  createSqliteCaseHistory(db);
  createSqliteMailOutbox(db);
  createSqliteClaimTimes(db);
  return {
    stores: createSqliteChatStores(db, { webChannelId: WEB_CHANNEL }),
    state: createSqliteStorage(db),
    privacy: ({ days, now }) => createSqlitePrivacy(db, { days, logger, now }),
    run: async (sql, ...params) => void db.prepare(sql).run(...params),
    count: async (sql, ...params) =>
      Number(
        db
          .prepare(sql)
          .pluck()
          .get(...params),
      ),
    close: async () => void db.close(),
  };
}

export async function postgresPrivacyEngine(label: string): Promise<PrivacyEngine & { pool: pg.Pool; url: string }> {
  const chat = await postgresChatEngine(label);
  const pool = chat.pool();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    pool,
    url: chat.url,
    stores: chat.open(),
    state: createPostgresStorage(pool),
    privacy: ({ days, now }) => createPostgresPrivacy(pool, { days, logger, now }),
    run: async (sql, ...params) => void (await pool.query(numbered(sql), params)),
    count: async (sql, ...params) => Number((await pool.query(numbered(sql), params)).rows[0]?.count),
    close: chat.close,
  };
}
