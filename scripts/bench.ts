// Speed of a turn, as ratios against a do-nothing botbuilder echo bot measured in the same run, on the SQLite file (the
// default) and on PostgreSQL (DATABASE_URL, a throwaway cluster the benchmark starts): in-process latency, and turns
// per second over HTTP in alternating rounds with the CPU time each turn cost, PostgreSQL with one and two instances.
// The questions are the dev set's (../shared/eval/dev-questions.jsonl), in order, six turns per conversation.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot } from '../bot/bot.js';
import { readConfig } from '../bot/config.js';
import { removeContentCopies } from '../test/support/content-copy.js';
import { printCpuPerTurn } from './bench-cpu.js';
import { ms, times } from './bench-format.js';
import { measureHttp, printHttp, type Target } from './bench-http.js';
import { createTurnTimer, echoTurn, generatedContent, type Latency, latency, type Turn } from './bench-latency.js';
import { killServers, type Server, startServer } from './bench-load.js';
import { type BenchPostgres, openPostgresBot, startBenchPostgres } from './bench-postgres.js';
import { DEV_QUESTIONS, readBenchQuestions, TURNS_PER_CONVERSATION } from './bench-questions.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const POSTGRES = process.env.BENCH_POSTGRES !== '0';
const GENERATED = Number(process.env.BENCH_GENERATED ?? 1000);
const WARMUP = Math.min(200, TURNS);
const WARMUP_SECONDS = Math.min(5, SECONDS);
const sizes = { warmup: WARMUP, turns: TURNS };
const [SQLITE_FILE, POSTGRES_ONE, POSTGRES_TWO] = ['ours (SQLite file, default)', 'ours (PostgreSQL, 1 instance)', 'ours (PostgreSQL, 2 instances)'];

const QUESTIONS_FILE = process.env.BENCH_QUESTIONS ?? DEV_QUESTIONS;
const questions = readBenchQuestions(QUESTIONS_FILE);
const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
const dataDir = (name: string) => join(scratch, name);
// The SQLite runs are the default, whatever this shell has set; PostgreSQL gets its own cluster's URL below.
const { DATABASE_URL: _ignored, ...withoutDatabase } = process.env;
const quiet = { ...withoutDatabase, LOG_LEVEL: 'silent' };
// Several instances must share the key that signs web chat tokens: required with DATABASE_URL.
const postgresEnv = (url: string, name: string) => ({
  ...quiet,
  DATABASE_URL: url,
  DIRECT_LINE_SECRET: randomBytes(32).toString('base64url'),
  DATA_DIR: dataDir(name),
});

let postgres: BenchPostgres | undefined;
const servers: Server[] = [];
const removeScratch = () => {
  removeContentCopies();
  rmSync(scratch, { recursive: true, force: true });
};
// Ctrl-C or a kill: the servers, the PostgreSQL cluster and the scratch folders go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killServers();
    postgres?.stopNow();
    removeScratch();
    process.exit(130);
  });
}

async function ourLatency(contentDir: string, name: string, unique = false): Promise<Latency> {
  const bot = createBot(readConfig({ ...quiet, CONTENT_DIR: contentDir, DATA_DIR: dataDir(name) }));
  try {
    return await latency(bot.runner('bench'), questions, sizes, unique);
  } finally {
    bot.database?.close();
  }
}

/**
 * Answered as /api/messages and the web channel answer, after the turn's writes are committed (bot.durably), the real
 * guides: the echo bot, ours on SQLite and ours on PostgreSQL, in `ROUNDS` alternating rounds of TURNS / ROUNDS turns.
 */
async function committedLatency(): Promise<[string, Latency][]> {
  const sqliteBot = createBot(readConfig({ ...quiet, DATA_DIR: dataDir('committed') }));
  const pg = postgres ? await openPostgresBot(readConfig(postgresEnv(await postgres.createDatabase('bench_in_process'), 'pg-in-process'))) : undefined;
  const committed = (bot: typeof sqliteBot): Turn => {
    const run = bot.runner('bench');
    return (activity) => bot.durably(() => run(activity));
  };
  const timers: [string, ReturnType<typeof createTurnTimer>][] = [
    ['echo bot (baseline)', createTurnTimer(echoTurn(), questions)],
    ['ours, SQLite file (default)', createTurnTimer(committed(sqliteBot), questions)],
    ...(pg ? [['ours, PostgreSQL', createTurnTimer(committed(pg.bot), questions)] as [string, ReturnType<typeof createTurnTimer>]] : []),
  ];
  try {
    for (const [, timer] of timers) await timer.run(WARMUP, { timed: false });
    const perRound = Math.max(1, Math.round(TURNS / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < timers.length; i++) await (timers[(round + i) % timers.length] as (typeof timers)[number])[1].run(perRound);
    }
    return timers.map(([name, timer]) => [name, timer.latency()]);
  } finally {
    sqliteBot.database?.close();
    await pg?.close();
  }
}

try {
  console.log(`Questions: the dev set's ${questions.length} (${QUESTIONS_FILE}), in order, ${TURNS_PER_CONVERSATION} turns per conversation.`);
  if (POSTGRES) {
    postgres = await startBenchPostgres();
    console.log(`${postgres.description}; BENCH_POSTGRES=0 leaves it out.`);
  } else console.log('BENCH_POSTGRES=0: no PostgreSQL in this run.');

  await printInProcess();
  await printCommitted();
  await printHttpAndCpu();
  console.log('\nTargets: in-process p99 ≤ 2 ms with the real guides and ≤ 10 ms with 1,000 more; HTTP turns/s ≥ 0.8 × the echo bot.');
} finally {
  for (const server of servers) await server.stop();
  killServers();
  await postgres?.stop();
  removeScratch();
}

async function printInProcess() {
  console.log('\nIn-process turn latency, one turn after another; our SQLite file as by default. Ratios: against the echo bot.');
  const echo = await latency(echoTurn(), questions, sizes);
  const rows: [string, Latency][] = [
    ['real guides', await ourLatency('content', 'real')],
    [`real + ${GENERATED.toLocaleString('en')} generated guides`, await ourLatency(generatedContent(GENERATED), 'large')],
    ['every question new, real guides', await ourLatency('content', 'real-new', true)],
    [`every question new, +${GENERATED.toLocaleString('en')}`, await ourLatency(generatedContent(GENERATED), 'large-new', true)],
  ];
  console.log(`  ${'echo bot (baseline)'.padEnd(34)} p50 ${ms(echo.p50)}         p99 ${ms(echo.p99)}`);
  for (const [name, l] of rows) console.log(`  ${name.padEnd(34)} p50 ${ms(l.p50)} ${times(l.p50 / echo.p50)}  p99 ${ms(l.p99)} ${times(l.p99 / echo.p99)}`);
}

async function printCommitted() {
  console.log(
    `\nIn-process, answered after the turn's writes are committed (bot.durably, as /api/messages answers), real guides, ${ROUNDS} alternating rounds. Ratios: against the echo bot, then against SQLite.`,
  );
  const committed = await committedLatency();
  const [echoCommitted, sqliteCommitted] = committed.map(([, l]) => l) as [Latency, Latency];
  const against = (l: Latency, p: keyof Latency, baselines: Latency[]) =>
    baselines
      .map((b) => times(l[p] / b[p]))
      .join(' ')
      .padEnd(15);
  for (const [i, [name, l]] of committed.entries()) {
    const baselines = [echoCommitted, sqliteCommitted].slice(0, i);
    console.log(`  ${name.padEnd(34)} p50 ${ms(l.p50)} ${against(l, 'p50', baselines)}  p99 ${ms(l.p99)} ${against(l, 'p99', baselines)}`.trimEnd());
  }
}

/** Every server in a process of its own, started at once; PostgreSQL: A alone and A with B on one database, as two targets. */
async function printHttpAndCpu() {
  const httpSizes = { rounds: ROUNDS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
  // The two PostgreSQL instances share the database and the DIRECT_LINE_SECRET.
  const pgHttpEnv = postgres ? postgresEnv(await postgres.createDatabase('bench_http'), 'pg-http') : undefined;
  servers.push(
    ...(await Promise.all([
      startServer('echo bot', 'echo', quiet),
      startServer(SQLITE_FILE, 'bot', { ...quiet, BENCH_DATA_DIR: dataDir('http') }),
      startServer('ours (SQLite in memory)', 'bot', { ...quiet, BENCH_DATA_DIR: ':memory:' }),
      ...(pgHttpEnv
        ? [
            startServer('ours (PostgreSQL), instance A', 'bot', { ...pgHttpEnv, BENCH_DATA_DIR: dataDir('pg-a') }),
            startServer('ours (PostgreSQL), instance B', 'bot', { ...pgHttpEnv, BENCH_DATA_DIR: dataDir('pg-b') }),
          ]
        : []),
    ])),
  );
  const [echo, file, memory, a, b] = servers as [Server, Server, Server, Server?, Server?];
  const targets: Target[] = [
    { name: 'echo bot', servers: [[echo]] },
    { name: SQLITE_FILE, servers: [[file]] },
    { name: 'ours (SQLite in memory)', servers: [[memory]] },
    // One instance: A and B by turns, so both are as warm as when they share the load.
    ...(postgres && a && b
      ? [
          { name: POSTGRES_ONE, servers: [[a], [b]], postgres },
          { name: POSTGRES_TWO, servers: [[a, b]], postgres },
        ]
      : []),
  ];
  const results = await measureHttp(targets, httpSizes, questions);
  printHttp(results, httpSizes, 'echo bot', postgres ? [['ours: PostgreSQL (1 instance) / SQLite', POSTGRES_ONE, SQLITE_FILE]] : []);
  printCpuPerTurn(results, postgres ? [POSTGRES_ONE, POSTGRES_TWO] : []);
}
