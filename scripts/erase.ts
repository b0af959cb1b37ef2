import { parseArgs } from 'node:util';
import { readConfig } from '../bot/config.js';
import type { DataErasure, ErasureKind } from '../bot/privacy/data-erasure.js';
import { createPostgresErasure } from '../bot/privacy/postgres-erasure.js';
import { createSqliteErasure } from '../bot/privacy/sqlite-erasure.js';
import { openDatabase } from '../bot/storage/database.js';
import { createPool, databaseUrlFrom } from '../bot/storage/postgres/pool.js';

const USAGE = 'Usage: npm run erase -- --conversation=ID | --store=STORE-ID | --email=ADDRESS   (DATABASE_URL or DATA_DIR as the bot has it)';

/**
 * GDPR erasure from the command line: everything of one conversation, or of every conversation tied to a store id or
 * e-mail address, recorded in the erasure audit without the content. With DATABASE_URL it erases in PostgreSQL while
 * the bots run; the SQLite file is held by the running bot, so stop it first, or erase from the agent console
 * (/agent/erase).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { conversation: { type: 'string' }, store: { type: 'string' }, email: { type: 'string' } }, strict: true });
  const given = (['conversation', 'store', 'email'] as const).filter((k) => values[k]?.trim());
  if (given.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const kind = given[0] as ErasureKind;
  const value = (values[kind] as string).trim();
  const erased = (erasure: DataErasure) => erasure.erase({ kind, value }, 'command');
  const url = databaseUrlFrom();
  const result = url ? await inPostgres(url, erased) : await inSqlite(readConfig().DATA_DIR, erased);
  if (!result) return 1;
  console.log(
    `Erased ${result.conversations} conversation(s), ${result.rows} row(s), for ${kind} ${kind === 'email' ? '(address not repeated here)' : value}. Recorded in the erasure audit.`,
  );
  return 0;
}

async function inPostgres<T>(url: string, work: (erasure: DataErasure) => Promise<T>): Promise<T> {
  const pool = createPool(url, { max: 1, applicationName: 'montonio-erase' });
  try {
    return await work(createPostgresErasure(pool));
  } finally {
    await pool.end();
  }
}

async function inSqlite<T>(dataDir: string, work: (erasure: DataErasure) => Promise<T>): Promise<T | undefined> {
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(dataDir);
  } catch (error) {
    console.error(`${(error as Error).message}\nStop the bot first, or erase from the agent console at /agent/erase.`);
    return undefined;
  }
  try {
    return await work(createSqliteErasure(db));
  } finally {
    db.close();
  }
}

process.exitCode = await main();
