import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, type DatabaseOperation, databaseUrlFrom, inTransaction } from '../../../bot/storage/postgres/pool.js';
import { pgJson, pgText } from '../../../bot/storage/postgres/values.js';
import { createTestDatabase, databaseUrl, describePostgres, type TestDatabase } from '../../support/postgres.js';

it('takes DATABASE_URL only as a PostgreSQL URL, and nothing when it is unset', () => {
  expect(databaseUrlFrom({})).toBeUndefined();
  expect(databaseUrlFrom({ DATABASE_URL: ' ' })).toBeUndefined();
  expect(databaseUrlFrom({ DATABASE_URL: 'postgresql://bot:pw@db:5432/support' })).toBe('postgresql://bot:pw@db:5432/support');
  expect(() => databaseUrlFrom({ DATABASE_URL: 'mysql://db/support' })).toThrow(/must be a PostgreSQL connection URL/);
});

it('puts U+FFFD where a NUL would make PostgreSQL refuse the text, in values and in keys', () => {
  expect(pgText('a\u0000b')).toBe('a\uFFFDb');
  expect(pgText('plain')).toBe('plain');
  expect(JSON.parse(pgJson({ text: 'x\u0000', list: ['\u0000'], 'k\u0000': 1, literal: '\\u0000' }))).toEqual({
    text: 'x\uFFFD',
    list: ['\uFFFD'],
    'k\uFFFD': 1,
    literal: '\\u0000',
  });
});

describePostgres('the pool', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase('pool');
    pool = createPool(database.url, { max: 2, onError: () => undefined });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('reads BIGINT as a number and TIMESTAMPTZ as the ISO string SQLite keeps; JSONB takes what pgJson writes', async () => {
    const { rows } = await pool.query(
      "SELECT 9007199254740991::bigint AS big, '2026-11-26T10:00:00.123Z'::timestamptz AS at, 'infinity'::timestamptz AS never, $1::jsonb AS doc",
      [pgJson({ text: 'a\u0000' })],
    );
    expect(rows[0]).toEqual({ big: 9007199254740991, at: '2026-11-26T10:00:00.123Z', never: 'infinity', doc: { text: 'a\uFFFD' } });
    await expect(pool.query('SELECT 9007199254740993::bigint AS big')).rejects.toThrow(/does not fit/);
  });

  it('commits a transaction whose work resolves and rolls back one whose work throws', async () => {
    await pool.query('CREATE TABLE t (n INT)');
    await inTransaction(pool, (client) => client.query('INSERT INTO t VALUES (1)'));
    await expect(
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO t VALUES (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await pool.query('SELECT n FROM t')).rows).toEqual([{ n: 1 }]);
  });

  it('survives an idle connection ended by the server: the error is reported, the next query gets a new one', async () => {
    const errors: Error[] = [];
    const own = createPool(database.url, { max: 1, applicationName: 'pool-test-victim', onError: (e) => errors.push(e) });
    try {
      await own.query('SELECT 1');
      await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pool-test-victim'");
      await expect.poll(() => errors.length).toBe(1);
      expect((await own.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    } finally {
      await own.end();
    }
  });

  it('reports every failed statement once, through pool.query and on a checked-out connection; a failed transaction once, not its ROLLBACK', async () => {
    const failures: DatabaseOperation[] = [];
    const own = createPool(database.url, { max: 2, onDatabaseError: (operation) => failures.push(operation) });
    try {
      await own.query('SELECT 1');
      await expect(own.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      expect(failures).toEqual(['query']);
      await expect(inTransaction(own, (client) => client.query('SELECT no_such_column FROM pg_class'))).rejects.toThrow(/no_such_column/);
      expect(failures).toEqual(['query', 'query']);
      const client = await own.connect();
      try {
        await expect(client.query({ text: 'SELECT $1::int', values: ['x'] })).rejects.toThrow(/invalid input syntax/);
      } finally {
        client.release();
      }
      expect(failures).toEqual(['query', 'query', 'query']);
    } finally {
      await own.end();
    }
  });

  it('a connection the server ends in the middle of a transaction fails that transaction and is reported, and the process goes on', async () => {
    const failures: DatabaseOperation[] = [];
    const own = createPool(database.url, { max: 1, applicationName: 'pool-test-busy', onError: () => undefined, onDatabaseError: (o) => failures.push(o) });
    try {
      let inside!: () => void;
      const started = new Promise<void>((resolve) => {
        inside = resolve;
      });
      const transaction = inTransaction(own, async (client) => {
        await client.query('SELECT 1');
        inside();
        // Between two statements the connection is checked out with nothing running: pg emits its 'error' then.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await client.query('SELECT 2');
      });
      await started;
      await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pool-test-busy'");
      await expect(transaction).rejects.toThrow(/terminat|not queryable|connection/i);
      expect(failures).toEqual(['query']);
      // The broken connection was dropped: the next statement gets a new one.
      expect((await own.query('SELECT 3 AS n')).rows).toEqual([{ n: 3 }]);
    } finally {
      await own.end();
    }
  });

  it('reports a connection it cannot open, and an idle one the server ends, as connect', async () => {
    const failures: DatabaseOperation[] = [];
    const nowhere = createPool(databaseUrl(database.url, `${database.name}_missing`), { onDatabaseError: (o) => failures.push(o) });
    try {
      await expect(nowhere.query('SELECT 1')).rejects.toThrow(/does not exist/);
      expect(failures).toEqual(['connect']);
    } finally {
      await nowhere.end();
    }
    const own = createPool(database.url, { max: 1, applicationName: 'pool-test-idle', onError: () => undefined, onDatabaseError: (o) => failures.push(o) });
    try {
      await own.query('SELECT 1');
      await pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pool-test-idle'");
      await expect.poll(() => failures).toEqual(['connect', 'connect']);
    } finally {
      await own.end();
    }
  });
});
