import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export const DATABASE_FILE = 'montonio.sqlite';

// A tick that only runs promises never reaches setImmediate; past this many rows the queue commits at once.
const MAX_QUEUED_WRITES = 256;

/**
 * The SQLite file, with group commit for the small rows every turn writes (transcript lines, turn records, state).
 * Those writes wait in a queue until the end of the event-loop tick and are committed together: one commit per tick
 * instead of one per row, which is most of a turn's cost on a file. Nobody reads stale data: the stores either keep
 * what waits in memory (state, transcript) or call `flushWrites()` before reading; `close()` flushes too.
 */
export class Database extends BetterSqlite3 {
  /** where a write that failed even on its own is reported (the app sets its logger) */
  onWriteError: (error: Error) => void = (error) => console.error('SQLite write failed', error);
  private queue: (() => void)[] = [];

  later(write: () => void): void {
    if (this.queue.length === 0) setImmediate(() => this.flushWrites());
    this.queue.push(write);
    if (this.queue.length >= MAX_QUEUED_WRITES) this.flushWrites();
  }

  flushWrites(): void {
    if (this.queue.length === 0 || !this.open) return;
    const writes = this.queue;
    this.queue = [];
    try {
      this.transaction(() => {
        for (const write of writes) write();
      })();
    } catch {
      // One bad row must not take the others with it: write them one by one, and report the ones that still fail.
      for (const write of writes) {
        try {
          write();
        } catch (error) {
          this.onWriteError(error as Error);
        }
      }
    }
  }

  override close(): this {
    this.flushWrites();
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
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, DATABASE_FILE);
  const db = new Database(path);
  // A restarting bot may still be closing the file: wait for it a little before giving up.
  db.pragma('busy_timeout = 5000');
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // WAL: a commit appends to one file; NORMAL syncs at checkpoints, so a power cut loses at most the last commits.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Take the lock now, so a second bot fails here with a sentence instead of at its first turn.
    db.exec('BEGIN IMMEDIATE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new Error(`${path} is in use by another process, most likely another bot with the same DATA_DIR. Each bot needs a DATA_DIR of its own.`);
  }
  return db;
}
