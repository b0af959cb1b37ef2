import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksumOf, MIGRATIONS_DIR, type Migration } from '../../bot/storage/postgres/migrate.js';

/**
 * Some of the migration files, for `migrate(pool, only(...))`: a test of one table applies the files it needs and
 * does not depend on every other branch's numbered file being there (loadMigrations refuses a gap).
 */
export function migrationFiles(...names: string[]): Migration[] {
  return names.map((name) => {
    const sql = readFileSync(join(MIGRATIONS_DIR, name), 'utf8');
    return { version: Number(name.slice(0, 3)), name, sql, checksum: checksumOf(sql) };
  });
}
