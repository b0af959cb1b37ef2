// Speed of a turn, as ratios against a do-nothing botbuilder echo bot measured in the same run:
// in-process latency (real guides, then 1,000 generated ones) and turns per second over HTTP, in alternating rounds.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Activity } from 'botbuilder';
import { createBot } from '../bot/bot.js';
import { readConfig } from '../bot/config.js';
import { copyContent, removeContentCopies } from '../test/support/content-copy.js';
import { echoBot } from './echo-bot.js';

const QUESTIONS = [
  'kuidas kaardimakseid aktiveerida',
  'where are my api keys',
  'makselingi loomine',
  'how do I set up Omniva parcel machines',
  'tagastamise võimalusega pangamaksed',
  'can I offer pay later to customers',
  'mis on teie hinnad',
  'tere',
  'I want to talk to a person',
  'konto pole veel aktiveeritud',
  'bank payments integration with woocommerce',
  'järelmaksu aktiveerimine',
];
const TURNS = Number(process.env.BENCH_TURNS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
// A merchant asks a few questions, then leaves: each conversation gets this many turns, as in real traffic.
const TURNS_PER_CONVERSATION = 4;
const WARMUP = 200;
const WARMUP_SECONDS = 5;

const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
const dataDir = (name: string) => join(scratch, name);
const quiet = { ...process.env, LOG_LEVEL: 'silent' };
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

type Latency = { p50: number; p99: number };
type Turn = (activity: Partial<Activity>) => Promise<unknown>;

/**
 * Turns one after another, each a new message as if it had come over the network: the event loop gets a tick between
 * turns (where SQLite commits), outside the timed part. `unique`: every question is new text, so no remembered reading helps.
 */
async function latency(turn: Turn, unique = false): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < TURNS + WARMUP; i++) {
    const conversation = { id: `bench-${Math.floor(i / TURNS_PER_CONVERSATION)}` } as never;
    const text = `${QUESTIONS[(i * 5) % QUESTIONS.length]}${unique ? ` ${i}` : ''}`;
    const started = process.hrtime.bigint();
    await turn({ type: 'message', text, conversation });
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    await nextTick();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function ourLatency(contentDir: string, name: string, unique = false): Promise<Latency> {
  const bot = createBot(readConfig({ ...quiet, CONTENT_DIR: contentDir, DATA_DIR: dataDir(name) }));
  try {
    return await latency(bot.runner('bench'), unique);
  } finally {
    bot.database!.close();
  }
}

function echoLatency(): Promise<Latency> {
  const { adapter, logic } = echoBot();
  const base = { channelId: 'bench', serviceUrl: '', deliveryMode: 'expectReplies', from: { id: 'merchant' }, recipient: { id: 'bot' } };
  return latency((activity) => adapter.runActivity({ ...base, ...activity } as Activity, logic));
}

function generatedContent(count: number): string {
  const copy = copyContent();
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vi', 'se', 'po', 'di', 'ga', 'ho', 'ju', 'ke', 'la'];
  const word = (n: number) => Array.from({ length: 3 + (n % 3) }, (_, i) => syllables[(n * 7 + i * 13 + (n >> i)) % syllables.length]).join('');
  for (let n = 0; n < count; n++) {
    for (const locale of ['et', 'en']) {
      const words = Array.from({ length: 12 }, (_, i) => word(n * 31 + i * 101 + (locale === 'et' ? 0 : 7)));
      writeFileSync(
        join(copy.dir, 'guides', `generated-${n}.${locale}.md`),
        [
          '---',
          `id: generated-${n}`,
          `locale: ${locale}`,
          `title: ${words[0]} ${words[1]}`,
          `summary: ${words.slice(2, 6).join(' ')}`,
          'page: home',
          'steps:',
          ...words.slice(2, 6).map((w) => `  - text: ${w} ${words[7]}`),
          'keywords:',
          ...words.slice(0, 6).map((w) => `  - ${w}`),
          'phrases:',
          `  - kuidas ${words[0]} ${words[8]}`,
          `  - ${words[9]} ${words[10]} ${words[11]}`,
          'reviewed: 2026-11-26',
          '---',
          `${words.join(' ')}.`,
        ].join('\n'),
      );
    }
  }
  return copy.dir;
}

type Server = { name: string; url: string; stop: () => void };

/** Starts scripts/bench-server.ts in its own process and resolves its URL. */
async function startServer(name: string, kind: 'bot' | 'echo', env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { name, url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill() };
}

type Load = { rps: number; p50: number; p99: number };
let sent = 0;

async function load(url: string, seconds: number): Promise<Load> {
  const requests = [
    {
      method: 'POST' as const,
      path: '/api/messages',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request: Record<string, unknown>) => {
        const n = sent++;
        const conversation = { id: `load-${Math.floor(n / TURNS_PER_CONVERSATION)}` };
        const text = QUESTIONS[(n * 5) % QUESTIONS.length];
        return {
          ...request,
          body: JSON.stringify({
            type: 'message',
            text,
            deliveryMode: 'expectReplies',
            channelId: 'bench',
            serviceUrl: '',
            conversation,
            from: { id: 'merchant' },
            recipient: { id: 'bot' },
          }),
        };
      },
    },
  ];
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const ms = (n: number) => `${n.toFixed(3)} ms`.padStart(10);
const times = (n: number) => `×${n.toFixed(2)}`.padStart(7);

try {
  console.log('In-process turn latency, one turn after another; our SQLite file as by default. Ratios: against the echo bot.');
  const echo = await echoLatency();
  const rows: [string, Latency][] = [
    ['real guides', await ourLatency('content', 'real')],
    ['real + 1,000 generated guides', await ourLatency(generatedContent(1000), 'large')],
    ['every question new, real guides', await ourLatency('content', 'real-new', true)],
    ['every question new, +1,000', await ourLatency(generatedContent(1000), 'large-new', true)],
  ];
  console.log(`  ${'echo bot (baseline)'.padEnd(34)} p50 ${ms(echo.p50)}         p99 ${ms(echo.p99)}`);
  for (const [name, l] of rows) console.log(`  ${name.padEnd(34)} p50 ${ms(l.p50)} ${times(l.p50 / echo.p50)}  p99 ${ms(l.p99)} ${times(l.p99 / echo.p99)}`);

  console.log(`\nHTTP /api/messages, ${CONNECTIONS} connections, expectReplies, ${ROUNDS} alternating rounds of ${SECONDS} s per server:`);
  const servers = [
    await startServer('echo bot', 'echo'),
    await startServer('ours (SQLite file, default)', 'bot', { BENCH_DATA_DIR: dataDir('http') }),
    await startServer('ours (SQLite in memory)', 'bot', { BENCH_DATA_DIR: ':memory:' }),
  ];
  try {
    // Warm: the JIT has compiled the hot paths and SQLite has its pages cached, as on a server that has been up a while.
    for (const server of servers) await load(server.url, WARMUP_SECONDS);
    const results = new Map<string, Load[]>(servers.map((s) => [s.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with a different server, so a slow patch of the machine does not always hit the same one.
      for (let i = 0; i < servers.length; i++) {
        const server = servers[(round + i) % servers.length] as Server;
        results.get(server.name)?.push(await load(server.url, SECONDS));
      }
    }
    const baseline = results.get('echo bot') as Load[];
    for (const [name, loads] of results) {
      const ratios = loads.map((l, i) => l.rps / (baseline[i] as Load).rps);
      const rps = median(loads.map((l) => l.rps));
      const summary = `${rps.toFixed(0).padStart(6)} turns/s (rounds ${loads.map((l) => l.rps.toFixed(0)).join(', ')})  p50 ${median(loads.map((l) => l.p50))} ms  p99 ${median(loads.map((l) => l.p99))} ms`;
      console.log(
        `  ${name.padEnd(30)} ${summary}${name === 'echo bot' ? '' : `  ratio ${median(ratios).toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')})`}`,
      );
    }
  } finally {
    for (const server of servers) server.stop();
  }
  console.log('\nTargets: in-process p99 ≤ 2 ms with the real guides and ≤ 10 ms with 1,000 more; HTTP turns/s ≥ 0.8 × the echo bot.');
} finally {
  removeContentCopies();
  rmSync(scratch, { recursive: true, force: true });
}
