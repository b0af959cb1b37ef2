import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export const DATABASE_FILE = 'montonio.sqlite';

// A tick that only runs promises never reaches setImmediate; past this many writes the transaction commits at once.
const MAX_WRITES_PER_COMMIT = 256;

/**
 * The SQLite file, with group commit: the writes of one event-loop tick (transcript lines, turn records, state,
 * handoff entries) go into one transaction that commits when the tick ends, one commit instead of one per row, which
 * is most of a turn's cost on a file. The bot is the file's only user and has one connection, so every read sees
 * those rows at once; `close()` commits too, so nothing is lost on shutdown.
 */
export class Database extends BetterSqlite3 {
  /** where a commit that failed is reported (the app sets its logger) */
  onWriteError: (error: Error) => void = (error) => console.error('SQLite commit failed', error);
  private tickOpen = false;
  private writes = 0;

  /** Call before a write: opens the tick's transaction if none is open; it commits when the tick ends. */
  joinTick(): void {
    // (An I/O error makes SQLite roll the whole transaction back on its own: then a new one opens.)
    if (this.tickOpen && this.inTransaction) {
      this.writes += 1;
      if (this.writes < MAX_WRITES_PER_COMMIT) return;
      this.commitTick();
    }
    // Inside a transaction of its own (db.transaction) the write commits with that one.
    if (this.inTransaction) return;
    this.exec('BEGIN');
    this.tickOpen = true;
    this.writes = 1;
    setImmediate(() => this.commitTick());
  }

  commitTick(): void {
    if (!this.tickOpen) return;
    this.tickOpen = false;
    if (!this.open || !this.inTransaction) return;
    try {
      this.exec('COMMIT');
    } catch (error) {
      if (this.inTransaction) this.exec('ROLLBACK');
      this.onWriteError(error as Error);
    }
  }

  override close(): this {
    this.commitTick();
    return super.close();
  }
}

/**
 * The one place the SQLite file is opened. ':memory:' gives a private in-memory database (tests).
 * The bot owns its file: it holds an exclusive lock while it runs, so SQLite skips the shared-memory locking every
 * statement would otherwise pay (a third of a turn's storage cost). A second bot on the same DATA_DIR stops at boot.
 */
export function openDatabase(dataDir: string): Database {
  if (dataDir === ':memory:') return new Database(':memory:');
  const path = join(dataDir, DATABASE_FILE);
  let db: Database;
  try {
    // Transcripts are personal data: only the bot's own user may list the folder or read the file. SQLite gives the
    // WAL the file's own mode.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    tighten(dataDir, 0o700);
    closeSync(openSync(path, 'a', 0o600));
    tighten(path, 0o600);
    db = new Database(path);
  } catch (error) {
    throw unwritable(dataDir, error);
  }
  // A restarting bot may still be closing the file: wait for it a little before giving up.
  db.pragma('busy_timeout = 5000');
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // WAL: a commit appends to one file; NORMAL syncs at checkpoints, so a power cut loses at most the last commits.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // What merchants wrote must not linger in free space after an erasure or a purge: freed bytes are zeroed when the
    // page is written anyway (FAST costs no extra I/O); an erasure turns it fully on (data-erasure.ts).
    db.pragma('secure_delete = FAST');
    // Take the lock now, so a second bot fails here with a sentence instead of at its first turn.
    db.exec('BEGIN IMMEDIATE; COMMIT');
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) throw unwritable(dataDir, error);
    if (code !== 'SQLITE_BUSY') throw error;
    throw new Error(`${path} is in use by another process, most likely another bot with the same DATA_DIR. Each bot needs a DATA_DIR of its own.`);
  }
  return db;
}

/** Narrows a mode; a folder the operator made for another user (EPERM) is left as it is. */
function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EPERM') throw error;
  }
}

function unwritable(dataDir: string, error: unknown): Error {
  const code = (error as { code?: string }).code ?? (error as Error).message;
  return new Error(`DATA_DIR "${dataDir}" cannot be written (${code}). The bot keeps its SQLite file there: give the user it runs as write access to that folder, or set DATA_DIR to a writable folder.`);
}
