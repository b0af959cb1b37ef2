import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { isPostgresFault } from './postgres/faults.js';

export const DATABASE_FILE = 'montonio.sqlite';

// A tick that only runs promises never reaches setImmediate; past this many writes the transaction commits at once.
const MAX_WRITES_PER_COMMIT = 256;
// Codes that mean the file cannot take writes now (disk full, I/O error, read-only, locked): a retry later may work.
const STORAGE_FAULTS = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED|NOMEM|PROTOCOL)/;

/** Thrown to callers whose writes were not committed; the HTTP layer answers 503 with Retry-After. */
export class StorageUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('The database could not commit (disk full or I/O error); nothing of this request was kept.', { cause });
  }
}

/** A fault of either engine's storage that a retry later may get past: SQLite's file, or PostgreSQL (faults.ts). */
export function isStorageFault(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return (typeof code === 'string' && STORAGE_FAULTS.test(code)) || isPostgresFault(error);
}

type CommitListener = (committed: boolean) => void;

/**
 * The SQLite file, with group commit: the writes of one event-loop tick (transcript lines, turn records, state,
 * handoff entries) go into one transaction that commits when the tick ends, one commit instead of one per row, which
 * is most of a turn's cost on a file. The bot is the file's only user and has one connection, so every read sees
 * those rows at once; `close()` commits too, so nothing is lost on shutdown.
 *
 * A response must not promise what is not on disk: `settle(failures)` waits for the open transaction and throws
 * StorageUnavailableError if any commit failed since `failures` was read. A storage fault in any statement of a tick
 * rolls the whole tick back and refuses the tick's further writes, so a turn is kept whole or not at all.
 */
export class Database extends BetterSqlite3 {
  /** where a commit that failed is reported (the app sets its logger) */
  onWriteError: (error: Error) => void = (error) => console.error('SQLite commit failed', error);
  /** how many ticks were rolled back since the file was opened */
  failures = 0;
  private tickOpen = false;
  private tickFailed = false;
  private writes = 0;
  private listeners: CommitListener[] = [];

  /** Call before a write: opens the tick's transaction if none is open; it commits when the tick ends. */
  joinTick(): void {
    if (this.tickFailed) throw new StorageUnavailableError();
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

  /** Calls `listener` once the open tick is committed (true) or rolled back (false); at once when none is open. */
  afterCommit(listener: CommitListener): void {
    if (this.tickOpen) this.listeners.push(listener);
    else listener(!this.tickFailed);
  }

  /** Waits for the open tick; throws StorageUnavailableError if a commit failed after `failures` was read. */
  async settle(failures: number): Promise<void> {
    if (this.tickOpen) await new Promise<boolean>((resolve) => this.afterCommit(resolve));
    if (this.failures !== failures) throw new StorageUnavailableError();
  }

  /** Runs `work` and resolves once everything it wrote is committed; StorageUnavailableError if a commit failed meanwhile. */
  async durably<T>(work: () => T | Promise<T>): Promise<T> {
    const failures = this.failures;
    const result = await work();
    await this.settle(failures);
    return result;
  }

  commitTick(): void {
    if (!this.tickOpen) return;
    this.tickOpen = false;
    let committed = !this.tickFailed;
    if (this.open && this.inTransaction) {
      try {
        this.exec(committed ? 'COMMIT' : 'ROLLBACK');
      } catch (error) {
        committed = false;
        this.failures += 1;
        if (this.inTransaction) this.exec('ROLLBACK');
        this.onWriteError(error as Error);
      }
    }
    this.tickFailed = false;
    for (const listener of this.listeners.splice(0)) listener(committed);
  }

  // biome-ignore lint/complexity/noBannedTypes: the same bound as better-sqlite3's own prepare, which this overrides
  override prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): BetterSqlite3.Statement<P, R> {
    const statement = super.prepare<P, R>(source);
    const run = statement.run as (...params: unknown[]) => BetterSqlite3.RunResult;
    statement.run = (...params: unknown[]) => {
      try {
        return run.apply(statement, params);
      } catch (error) {
        this.noteFault(error);
        throw error;
      }
    };
    return statement;
  }

  override close(): this {
    this.commitTick();
    return super.close();
  }

  /** A disk-full or I/O error in a statement: the tick is rolled back at its end and takes no more writes. */
  private noteFault(error: unknown): void {
    if (!isStorageFault(error) || !this.tickOpen || this.tickFailed) return;
    this.tickFailed = true;
    this.failures += 1;
    this.onWriteError(error as Error);
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
    // WAL: a commit appends to one file and reaches the operating system before any response is sent, so a killed
    // process loses nothing acknowledged; NORMAL syncs at checkpoints, so a power cut loses at most the last commits.
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
  return new Error(
    `DATA_DIR "${dataDir}" cannot be written (${code}). The bot keeps its SQLite file there: give the user it runs as write access to that folder, or set DATA_DIR to a writable folder.`,
  );
}
