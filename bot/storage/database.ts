import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export const DATABASE_FILE = 'montonio.sqlite';

// A tick that only runs promises never reaches setImmediate; past this many rows the queue commits at once.
const MAX_QUEUED_WRITES = 256;

/**
 * The SQLite file, with group commit for the small rows every turn writes (transcript lines, turn records, state).
 * Those writes wait in a queue until the end of the event-loop tick and are committed together: one commit per tick
 * instead of one per row, which is most of a turn's cost on a file. Whoever reads those rows calls `flushWrites()`
 * first, so nobody reads stale data; `close()` flushes too, so nothing is lost on shutdown.
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

/** The one place the SQLite file is opened. ':memory:' gives a private in-memory database (tests). */
export function openDatabase(dataDir: string): Database {
  if (dataDir === ':memory:') return new Database(':memory:');
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  // WAL: readers (history, polling) never wait for the writer of a turn.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Another process on the same file (a second server, a script) waits its turn instead of failing.
  db.pragma('busy_timeout = 5000');
  return db;
}
