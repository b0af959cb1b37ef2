import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

export const DATABASE_FILE = 'montonio.sqlite';

/** The one place the SQLite file is opened. ':memory:' gives a private in-memory database (tests). */
export function openDatabase(dataDir: string): Database {
  if (dataDir === ':memory:') return new BetterSqlite3(':memory:');
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE));
  // WAL: readers (history, polling) never wait for the writer of a turn.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Another process on the same file (a second server, a script) waits its turn instead of failing.
  db.pragma('busy_timeout = 5000');
  return db;
}
