import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checksumOf, loadMigrations, type Migration, migrate } from '../../../bot/storage/postgres/migrate.js';
import { createPool } from '../../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../support/postgres.js';

const tablesOf = async (pool: pg.Pool) =>
  (await pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).rows.map(
    (r) => r.table_name,
  );

it('reads the numbered migration files in order and refuses gaps or odd names', () => {
  const migrations = loadMigrations();
  expect(migrations[0]).toMatchObject({ version: 1, name: '001_initial_schema.sql' });
  expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  const dir = mkdtempSync(join(tmpdir(), 'montonio-migrations-'));
  try {
    writeFileSync(join(dir, '001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/003_c\.sql is out of sequence/);
    writeFileSync(join(dir, '2-b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/not named like/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describePostgres('migrations', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = createPool(database.url, { max: 2 });
    pools.push(p);
    return p;
  };
  beforeAll(async () => {
    database = await createTestDatabase('migrate');
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
  });

  it('two instances migrating one new database at once: one applies, the other waits and finds nothing to do', async () => {
    const [a, b] = [pool(), pool()];
    const results = await Promise.all([migrate(a), migrate(b)]);
    const applied = results.map((r) => r.applied);
    expect(applied).toContainEqual(loadMigrations().map((m) => m.name));
    expect(applied).toContainEqual([]);
    const recorded = await a.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.rows).toEqual(loadMigrations().map((m) => ({ version: m.version, name: m.name })));
    const tables = await tablesOf(b);
    for (const table of ['bot_state', 'conversations', 'activities', 'webhook_outbox', 'handoff_cases', 'schema_migrations']) expect(tables).toContain(table);
    // And again later, at the next boot: nothing.
    expect(await migrate(b)).toEqual({ applied: [], unknown: [] });
  });

  it('has a table for every table the SQLite stores create (so a new SQLite table needs a migration too)', async () => {
    // Found by reading the sources, so this holds wherever the stores move under bot/.
    const sources = readdirSync('bot', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const sqliteTables = new Set(
      sources.flatMap((file) => [...readFileSync(join('bot', file), 'utf8').matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1] as string)),
    );
    expect(sqliteTables.size).toBeGreaterThan(15);
    const tables = await tablesOf(pool());
    // case_history_text (FTS5) is case_history.body_words here.
    expect([...sqliteTables].filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('refuses to boot when an applied migration was edited, and tolerates one it does not know (a newer instance)', async () => {
    const p = pool();
    const edited: Migration[] = loadMigrations().map((m) =>
      m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: checksumOf(`${m.sql}\n-- edited`) } : m,
    );
    await expect(migrate(p, edited)).rejects.toThrow(/001_initial_schema\.sql was changed after it was applied/);
    await p.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, '999_future.sql', 'x')");
    expect(await migrate(p)).toEqual({ applied: [], unknown: [999] });
    await p.query('DELETE FROM schema_migrations WHERE version = 999');
  });

  it('a migration that fails leaves nothing behind and is not recorded', async () => {
    const p = pool();
    const known = loadMigrations();
    const migrations = [
      ...known,
      { version: known.length + 1, name: 'NNN_half.sql', sql: 'CREATE TABLE half_done (id INT); SELECT no_such_column FROM bot_state;', checksum: 'x' },
    ];
    await expect(migrate(p, migrations)).rejects.toThrow(/NNN_half\.sql failed and was rolled back: column "no_such_column" does not exist/);
    expect(await tablesOf(p)).not.toContain('half_done');
    expect((await p.query('SELECT max(version) AS v FROM schema_migrations')).rows[0].v).toBe(known.length);
    // The lock went with the failure: a later migration run is not kept waiting.
    expect((await migrate(p)).applied).toEqual([]);
  });
});
