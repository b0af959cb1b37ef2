import { MemoryStorage } from 'botbuilder';
import { expect, it } from 'vitest';
import { openDatabase } from '../../bot/storage/database.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createPostgresStorage } from '../../bot/storage/postgres/postgres-storage.js';
import { createSqliteStorage } from '../../bot/storage/sqlite-storage.js';
import { createMigratedTestDatabase, createTestDatabase, describePostgres } from '../support/postgres.js';
import { describeStorageContract } from './storage-contract.js';

// botbuilder's own MemoryStorage, the reference the contract is written from: it passes all but atomic batches.
describeStorageContract(
  'MemoryStorage (reference)',
  async () => {
    const storage = new MemoryStorage();
    return { open: () => storage, close: async () => undefined };
  },
  { atomicBatches: false, uniqueETags: true },
);

// SQLite counts eTags per key, so a key deleted and written again starts at "1" again (uniqueETags: false).
describeStorageContract(
  'SQLite',
  async () => {
    const db = openDatabase(':memory:');
    return { open: () => createSqliteStorage(db), close: async () => void db.close() };
  },
  { atomicBatches: true, uniqueETags: false },
);

// Each open() is another instance: a pool of its own on the one database.
describeStorageContract(
  'PostgreSQL',
  async () => {
    const database = await createMigratedTestDatabase('storage');
    return { open: () => createPostgresStorage(database.pool()), close: database.close };
  },
  { atomicBatches: true, uniqueETags: true },
  describePostgres,
);

describePostgres('PostgreSQL storage, beyond the contract', () => {
  it('stores a NUL a merchant pasted as U+FFFD instead of failing the turn', async () => {
    const database = await createTestDatabase('storage_nul');
    const pool = createPool(database.url, { max: 1 });
    try {
      await migrate(pool);
      const storage = createPostgresStorage(pool);
      await storage.write({ k: { text: 'a\u0000b' } });
      expect((await storage.read(['k'])).k).toMatchObject({ text: 'a\uFFFDb' });
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
