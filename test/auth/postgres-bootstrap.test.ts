import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresBootstrapAdmin } from '../../bot/auth/postgres-staff-stores.js';
import { createLogger } from '../../bot/logger.js';
import { verifyPassword } from '../../bot/staff/password-hash.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

describePostgres('the quick start’s admin on several instances', () => {
  let database: TestDatabase;
  let pools: pg.Pool[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('bootstrap');
    pools = [createPool(database.url, { max: 2 }), createPool(database.url, { max: 2 })];
    await migrate(pools[0] as pg.Pool);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
  });

  it('is made once, by whichever instance boots first: one password printed, the same user on every instance', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const users = await Promise.all([...pools, ...pools].map((pool) => postgresBootstrapAdmin(pool, logger)));
    const printed = lines.map((line) => JSON.parse(line) as { password?: string }).filter((l) => l.password);
    expect(printed).toHaveLength(1);
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);
    expect(users[0]).toMatchObject({ name: 'admin', roles: ['agent', 'editor', 'privacy'] });
    expect(await verifyPassword(printed[0]?.password as string, users[0]?.passwordHash as string)).toBe(true);
    expect((await postgresBootstrapAdmin(pools[1] as pg.Pool, logger)).passwordHash).toBe(users[0]?.passwordHash);
    expect(lines.filter((l) => l.includes('password'))).toHaveLength(1);
  });
});
