import type pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createSqliteStaffStores, type StaffStoreOptions, type StaffStores } from '../../bot/auth/staff-stores.js';
import { createPostgresStaffStores } from '../../bot/auth/postgres-staff-stores.js';
import { createSqliteDeskStores, type DeskStores } from '../../bot/handoff/desk-stores.js';
import { createPostgresDeskStores } from '../../bot/handoff/postgres-desk-stores.js';
import type { SiteOptions } from '../../bot/site.js';
import { openDatabase } from '../../bot/storage/database.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createMigratedTestDatabase, createTestDatabase, describePostgres } from './postgres.js';

/** The stores of one engine, opened as often as a test needs "instances". */
export type Engine<T> = {
  /** another instance: on PostgreSQL a pool of its own on the shared database; on SQLite the one process's stores */
  open: () => T;
  /** what the instances share, for tests that look at rows directly (the SQLite file, or a pool of its own) */
  raw: { sqlite?: ReturnType<typeof openDatabase>; pool?: pg.Pool };
  close: () => Promise<void>;
};

export type EngineSpec<T> = {
  name: 'SQLite' | 'PostgreSQL';
  start: () => Promise<Engine<T>>;
  /** `describe`, or `describePostgres` (skipped only when SKIP_POSTGRES=1 says so) */
  wrap: (name: string, body: () => void) => void;
};

function sqlite<T>(make: (db: ReturnType<typeof openDatabase>) => T): EngineSpec<T> {
  return {
    name: 'SQLite',
    wrap: describe,
    async start() {
      // One process owns the file: every "instance" is that process's stores (two sets would be two caches of one file).
      const db = openDatabase(':memory:');
      const stores = make(db);
      return { open: () => stores, raw: { sqlite: db }, close: async () => void db.close() };
    },
  };
}

function postgres<T>(label: string, make: (pool: pg.Pool) => T): EngineSpec<T> {
  return {
    name: 'PostgreSQL',
    wrap: describePostgres,
    async start() {
      const database = await createMigratedTestDatabase(label);
      return { open: () => make(database.pool()), raw: { pool: database.pool() }, close: database.close };
    },
  };
}

/** The handoff desk's stores on both engines. */
export const deskEngines: EngineSpec<DeskStores>[] = [sqlite(createSqliteDeskStores), postgres('desk', createPostgresDeskStores)];

/** Staff sign-in's stores on both engines, on the clock `options.now`. */
export function staffEngines(options: StaffStoreOptions): EngineSpec<StaffStores>[] {
  return [sqlite((db) => createSqliteStaffStores(db, options)), postgres('staff', (pool) => createPostgresStaffStores(pool, options))];
}

/** Runs `body` once per engine, inside `describe('<what>: <engine>')` (PostgreSQL's marked and skippable as such). */
export function describeEngines<T>(what: string, engines: EngineSpec<T>[], body: (engine: () => Engine<T>, name: EngineSpec<T>['name']) => void): void {
  for (const spec of engines) {
    spec.wrap(`${what}: ${spec.name}`, () => {
      let current: Engine<T> | undefined;
      beforeAll(async () => {
        current = await spec.start();
      });
      afterAll(async () => {
        await current?.close();
      });
      body(() => current as Engine<T>, spec.name);
    });
  }
}

/** A whole site's desk and staff stores on one engine (SQLite: the site's own file, as without options). */
export type SiteEngine = {
  name: EngineSpec<unknown>['name'];
  wrap: EngineSpec<unknown>['wrap'];
  /** options for startSite, and what to close after the site has stopped */
  start: () => Promise<{ options: Pick<SiteOptions, 'deskStores' | 'staffStores'>; close: () => Promise<void> }>;
};

export const siteEngines: SiteEngine[] = [
  { name: 'SQLite', wrap: describe, start: async () => ({ options: {}, close: async () => undefined }) },
  {
    name: 'PostgreSQL',
    wrap: describePostgres,
    async start() {
      const database = await createTestDatabase('site');
      const pool = createPool(database.url, { max: 5 });
      await migrate(pool);
      return {
        options: { deskStores: createPostgresDeskStores(pool), staffStores: (options) => createPostgresStaffStores(pool, options) },
        async close() {
          await pool.end();
          await database.drop();
        },
      };
    },
  },
];
