import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { describe, inject } from 'vitest';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createDatabase } from './postgres-cluster.js';

/** What the globalSetup (postgres-global-setup.ts) hands the tests: the cluster's URL, or why there is none. */
export type PostgresForTests = { url: string; skipped?: undefined } | { url?: undefined; skipped: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

/**
 * The run's PostgreSQL. Without the globalSetup (a config that leaves it out) and without TEST_DATABASE_URL, the
 * file fails rather than skip quietly.
 */
export function testPostgres(): PostgresForTests {
  const provided = inject('postgres') as PostgresForTests | undefined;
  if (provided) return provided;
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL };
  if (process.env.SKIP_POSTGRES === '1') return { skipped: 'SKIP_POSTGRES=1' };
  throw new Error('No PostgreSQL for this test: run it through vitest.config.ts (its globalSetup starts one), or set TEST_DATABASE_URL.');
}

/** `describe` for tests that need PostgreSQL: skipped (and counted as skipped) only when SKIP_POSTGRES=1 said so. */
export function describePostgres(name: string, body: () => void): void {
  describe.skipIf(Boolean(testPostgres().skipped))(`${name} [PostgreSQL]`, body);
}

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

/** A new, empty database of its own in the run's cluster (test files run in parallel); `drop` removes it. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const { url } = testPostgres();
  if (!url) throw new Error('createTestDatabase: PostgreSQL was skipped in this run.');
  const name = `t_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const drop = await createDatabase(url, name);
  return { url: databaseUrl(url, name), name, drop };
}

/** `url` with its database replaced by `name` (WHATWG URL cannot parse the socket form postgresql://user@/db?host=…). */
export function databaseUrl(url: string, name: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
}

/** A migrated throwaway database: each `pool()` is an instance's own connections; `close` ends them all and drops it. */
export async function createMigratedTestDatabase(label: string): Promise<{ url: string; pool: () => pg.Pool; close: () => Promise<void> }> {
  const database = await createTestDatabase(label);
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = createPool(database.url, { max: 4 });
    pools.push(p);
    return p;
  };
  await migrate(pool());
  return {
    url: database.url,
    pool,
    close: async () => {
      await Promise.all(pools.map((p) => p.end()));
      await database.drop();
    },
  };
}
