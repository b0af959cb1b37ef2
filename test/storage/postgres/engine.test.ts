import { expect, it } from 'vitest';
import { readConfig } from '../../../bot/config.js';
import { createLogger } from '../../../bot/logger.js';
import { openPostgresEngine } from '../../../bot/postgres-engine.js';
import { createPool } from '../../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../support/postgres.js';

it('takes the pools’ sizes from DATABASE_POOL_SIZE and DATABASE_TURN_LOCK_POOL_SIZE (10 and 20 unless set)', () => {
  expect(readConfig({})).toMatchObject({ DATABASE_POOL_SIZE: 10, DATABASE_TURN_LOCK_POOL_SIZE: 20 });
  expect(readConfig({ DATABASE_POOL_SIZE: '4', DATABASE_TURN_LOCK_POOL_SIZE: '8' })).toMatchObject({ DATABASE_POOL_SIZE: 4, DATABASE_TURN_LOCK_POOL_SIZE: 8 });
  expect(() => readConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
});

describePostgres('the PostgreSQL engine of an instance', () => {
  it('holds at most DATABASE_POOL_SIZE connections for the stores and DATABASE_TURN_LOCK_POOL_SIZE for turn locks', { timeout: 30_000 }, async () => {
    const database = await createTestDatabase('engine_pools');
    const config = readConfig({
      DATABASE_URL: database.url,
      DIRECT_LINE_SECRET: 'engine-pools-test-secret-0123456789abc',
      DATABASE_POOL_SIZE: '3',
      DATABASE_TURN_LOCK_POOL_SIZE: '2',
    });
    const engine = await openPostgresEngine(config, { logger: createLogger('silent'), now: () => new Date() });
    const watcher = createPool(database.url, { max: 1, applicationName: 'engine-test-watcher' });
    const connections = async (name: string) =>
      (
        await watcher.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1', [
          name,
        ])
      ).rows[0]?.n ?? 0;
    try {
      // Eight statements and five turns of five conversations at once: the rest wait for a connection.
      const statements = Array.from({ length: 8 }, () => engine.pool.query('SELECT pg_sleep(0.2)'));
      const turns = Array.from({ length: 5 }, (_, i) =>
        engine.bot.coordination.turnLock.run(`c${i}`, () => new Promise((resolve) => setTimeout(resolve, 200))),
      );
      let [stores, locks] = [0, 0];
      for (const until = Date.now() + 400; Date.now() < until; ) {
        stores = Math.max(stores, await connections('montonio-support'));
        locks = Math.max(locks, await connections('montonio-support-turns %'));
      }
      await Promise.all([...statements, ...turns]);
      expect({ stores, locks }).toEqual({ stores: 3, locks: 2 });
    } finally {
      await watcher.end();
      await engine.close();
      await database.drop();
    }
  });
});
