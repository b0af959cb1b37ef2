// Bytes the SQLite file grows by per ordinary web-chat turn: conversations are opened first (token, start, welcome),
// then every one asks a few ordinary questions over Direct Line; the growth of the file (checkpointed and vacuumed)
// and of each table's rows is divided by the number of questions. `npx tsx scripts/bytes-per-turn.ts [conversations]`
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startWebServer, tempDataDir } from '../test/support/web-server.js';

const CONVERSATIONS = Number(process.argv[2] ?? 50);
const QUESTIONS = [
  'kuidas kaardimakseid aktiveerida',
  'kus on API võtmed',
  'how do I set up payment links',
  'aitäh',
  'kuidas järelmaksu lubada',
  'what shipping methods are there',
];
const UNLIMITED = {
  RATE_LIMIT_TOKENS_PER_MINUTE: '0',
  RATE_LIMIT_STARTS_PER_MINUTE: '0',
  RATE_LIMIT_TURNS_PER_MINUTE: '0',
  RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: '0',
};

const data = tempDataDir();
const server = await startWebServer({ dataDir: data.dir, env: UNLIMITED });
const db = server.parts.database!;
const base = `${server.url}/v3/directline`;

type Grant = { conversationId: string; token: string };
const headers = (grant: Grant) => ({ authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' });

function measure(): { file: number; tables: Record<string, number> } {
  db.commitTick?.();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const tables: Record<string, number> = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${name}')`).all() as { name: string }[]).map((c) => `COALESCE(LENGTH(${c.name}), 0)`);
    tables[name] = (db.prepare(`SELECT COALESCE(SUM(${columns.join(' + ')}), 0) AS n FROM ${name}`).get() as { n: number }).n;
  }
  return { file: statSync(join(data.dir, 'montonio.sqlite')).size, tables };
}

const grants: Grant[] = [];
for (let i = 0; i < CONVERSATIONS; i++) {
  const grant = (await (await fetch(`${base}/tokens/generate`, { method: 'POST' })).json()) as Grant;
  await fetch(`${base}/conversations`, { method: 'POST', headers: headers(grant), body: JSON.stringify({ locale: 'et-EE' }) });
  grants.push(grant);
}
const before = measure();
let turns = 0;
for (const question of QUESTIONS) {
  for (const grant of grants) {
    const res = await fetch(`${base}/conversations/${grant.conversationId}/activities`, {
      method: 'POST',
      headers: headers(grant),
      body: JSON.stringify({ type: 'message', text: question }),
    });
    if (res.status !== 200) throw new Error(`a turn answered ${res.status}`);
    turns += 1;
  }
}
const after = measure();
await server.stop();
data.remove();

const perTurn = (n: number) => `${(n / turns / 1024).toFixed(2)} KB`;
console.log(`${turns} ordinary turns in ${CONVERSATIONS} web chats`);
console.log(`file growth per turn: ${perTurn(after.file - before.file)}`);
const rows = Object.keys(after.tables).map((t) => [t, (after.tables[t] ?? 0) - (before.tables[t] ?? 0)] as const);
console.log(`row bytes per turn:   ${perTurn(rows.reduce((sum, [, n]) => sum + n, 0))}`);
for (const [table, n] of rows.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])) console.log(`  ${table.padEnd(24)} ${perTurn(n)}`);
