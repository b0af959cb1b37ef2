import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/** The folder of numbered SQL files: 001_initial_schema.sql, 002_….sql, each applied once, in order. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

// The session-level advisory lock every instance takes before it looks at the schema: one migrates, the others wait
// and then find nothing to do. A constant of this application's own (advisory locks are per database).
const MIGRATION_LOCK = '7165011529431408817';

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export type Migration = { version: number; name: string; sql: string; checksum: string };
export type MigrationResult = {
  /** the migrations this call applied, by file name */
  applied: string[];
  /** versions recorded in the database that this code does not know (a newer instance migrated it); not an error */
  unknown: number[];
};

/** The migration files of `dir`, checked: numbered 001, 002, … without gaps or repeats. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`Migration file "${file}" is not named like 001_what_it_does.sql.`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(match[1]), name: file, sql, checksum: checksumOf(sql) };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`Migration ${migration.name} is out of sequence: expected number ${String(index + 1).padStart(3, '0')}.`);
  });
  return migrations;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Brings the database's schema up to date, at boot, safe to run from several instances at once: under an advisory
 * lock, each pending migration runs in a transaction of its own and is recorded in schema_migrations with its
 * checksum. A recorded migration whose file has changed since stops the boot (edit by adding a new file instead).
 */
export async function migrate(pool: pg.Pool, migrations: Migration[] = loadMigrations()): Promise<MigrationResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await migrateLocked(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((error: Error) => {
        // The lock ends with the session: a connection that cannot unlock is closed, not reused.
        broken = error;
      });
    }
  } finally {
    client.release(broken);
  }
}

async function migrateLocked(client: pg.PoolClient, migrations: Migration[]): Promise<MigrationResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  const recorded = new Map(rows.map((row) => [row.version, row]));
  for (const migration of migrations) {
    const row = recorded.get(migration.version);
    if (row && row.checksum !== migration.checksum) {
      throw new Error(
        `Migration ${migration.name} was changed after it was applied to this database (as ${row.name}). Applied migrations are never edited: add a new numbered file.`,
      );
    }
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.has(migration.version)) continue;
    try {
      await client.query('BEGIN');
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
    }
    applied.push(migration.name);
  }
  const known = new Set(migrations.map((migration) => migration.version));
  return { applied, unknown: [...recorded.keys()].filter((version) => !known.has(version)) };
}
