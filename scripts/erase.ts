import { parseArgs } from 'node:util';
import { readConfig } from '../bot/config.js';
import type { ErasureKind } from '../bot/privacy/data-erasure.js';
import { createSqliteErasure } from '../bot/privacy/sqlite-erasure.js';
import { openDatabase } from '../bot/storage/database.js';

const USAGE = 'Usage: npm run erase -- --conversation=ID | --store=STORE-ID | --email=ADDRESS   (DATA_DIR as the bot has it)';

/**
 * GDPR erasure from the command line: everything of one conversation, or of every conversation tied to a store id or
 * e-mail address, recorded in the erasure audit without the content. The running bot holds the data folder, so stop it
 * first, or erase from the agent console (/agent/erase).
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
  const config = readConfig();
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(config.DATA_DIR);
  } catch (error) {
    console.error(`${(error as Error).message}\nStop the bot first, or erase from the agent console at /agent/erase.`);
    return 1;
  }
  try {
    const result = await createSqliteErasure(db).erase({ kind, value }, 'command');
    console.log(`Erased ${result.conversations} conversation(s), ${result.rows} row(s), for ${kind} ${kind === 'email' ? '(address not repeated here)' : value}. Recorded in the erasure audit.`);
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = await main();
