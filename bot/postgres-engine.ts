import type { Storage } from 'botbuilder';
import type pg from 'pg';
import { createPostgresStaffStores, postgresBootstrapAdmin } from './auth/postgres-staff-stores.js';
import type { StaffStoresFactory } from './auth/staff-stores.js';
import { CHANNEL_ID } from './channel/web-chats.js';
import type { Config } from './config.js';
import { type Coordination, createPostgresCoordination } from './coordination.js';
import type { DeskStores } from './handoff/desk-stores.js';
import { createPostgresDeskStores } from './handoff/postgres-desk-stores.js';
import type { Logger } from './logger.js';
import { createPostgresPrivacy, type Privacy, type PrivacyOptions } from './privacy/privacy.js';
import type { StaffUser } from './staff/staff-user.js';
import type { ChatStores } from './storage/chat-stores.js';
import { migrate } from './storage/postgres/migrate.js';
import { createPool, type DatabaseErrorListener } from './storage/postgres/pool.js';
import { createPostgresChatStores } from './storage/postgres/postgres-chat-stores.js';
import { createPostgresStorage } from './storage/postgres/postgres-storage.js';

/**
 * Everything the bot keeps and shares on PostgreSQL when DATABASE_URL is set (site.ts opens it before createBot):
 * the chat side's stores, the bot's state, the desk's and staff sign-in's stores, erasure and retention, and what
 * instances share while they run (coordination.ts). Without DATABASE_URL none of this is opened: the SQLite file.
 */
export type PostgresEngine = {
  /** this instance's connections to the stores (the event listener and turn locks have their own) */
  pool: pg.Pool;
  /** for createBot */
  bot: { chatStores: ChatStores; deskStores: DeskStores; storage: Storage; coordination: Coordination };
  staffStores: StaffStoresFactory;
  /** STAFF_USERS, or without any the quick start's one admin, made once by whichever instance boots first */
  staffUsers: StaffUser[];
  privacy: (options: PrivacyOptions) => Privacy;
  /** /readyz: the database answers `SELECT 1` */
  ready: () => Promise<void>;
  /** after the server stopped taking turns: stops listening and heartbeats, then ends the pool */
  close: () => Promise<void>;
};

/** Connects, brings the schema up to date (migrate.ts, safe from several instances at once) and builds the stores. */
export async function openPostgresEngine(
  config: Pick<Config, 'DATABASE_URL' | 'STAFF_USERS' | 'DATABASE_POOL_SIZE' | 'DATABASE_TURN_LOCK_POOL_SIZE'>,
  deps: { logger: Logger; now: () => Date; onDatabaseError?: DatabaseErrorListener },
): Promise<PostgresEngine> {
  const { logger, now, onDatabaseError } = deps;
  const url = config.DATABASE_URL;
  const pool = createPool(url, {
    max: config.DATABASE_POOL_SIZE,
    onError: (error) => logger.error('PostgreSQL connection lost', { error: error.message }),
    onDatabaseError,
  });
  try {
    const migrated = await migrate(pool);
    if (migrated.applied.length > 0) logger.info('database migrated', { applied: migrated.applied });
    const coordination = await createPostgresCoordination({
      url,
      pool,
      turnLockConnections: config.DATABASE_TURN_LOCK_POOL_SIZE,
      onError: (error) => logger.error('live event failed', { error: error.message }),
      onDatabaseError,
    });
    const staffUsers = config.STAFF_USERS.length > 0 ? config.STAFF_USERS : [await postgresBootstrapAdmin(pool, logger, now)];
    return {
      pool,
      bot: {
        chatStores: createPostgresChatStores(pool, { webChannelId: CHANNEL_ID }),
        deskStores: createPostgresDeskStores(pool),
        storage: createPostgresStorage(pool),
        coordination,
      },
      staffStores: (options) => createPostgresStaffStores(pool, options),
      staffUsers,
      privacy: (options) => createPostgresPrivacy(pool, options),
      ready: async () => void (await pool.query('SELECT 1')),
      async close() {
        await coordination.close().catch((error: Error) => logger.warn('closing live events failed', { error: error.message }));
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
