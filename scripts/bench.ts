// Speed of a turn in-process (real guides, then 1,000 generated ones) and over HTTP against a do-nothing echo bot.
import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createApp } from '../bot/app.js';
import { readConfig } from '../bot/config.js';
import { createTurnRunner } from '../bot/turn-runner.js';
import { copyContent } from '../test/support/content-copy.js';

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
const HTTP_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
// A merchant asks a few questions, then leaves: each conversation gets this many turns, as in real traffic.
const TURNS_PER_CONVERSATION = 4;

const quiet = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: ':memory:' };
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** `unique`: every question is new text (a number appended), so no remembered reading helps: the matcher's own cost. */
async function turnLatency(contentDir: string, unique = false): Promise<{ p50: number; p99: number }> {
  const run = createTurnRunner(createApp(readConfig({ ...quiet, CONTENT_DIR: contentDir })), 'bench');
  const times: number[] = [];
  for (let i = 0; i < TURNS + 200; i++) {
    const started = process.hrtime.bigint();
    const conversation = { id: `bench-${Math.floor(i / TURNS_PER_CONVERSATION)}` } as never;
    const text = `${QUESTIONS[(i * 5) % QUESTIONS.length]}${unique ? ` ${i}` : ''}`;
    await run({ type: 'message', text, conversation });
    if (i >= 200) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
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
        ['---', `id: generated-${n}`, `locale: ${locale}`, `title: ${words[0]} ${words[1]}`, `summary: ${words.slice(2, 6).join(' ')}`, 'page: home',
          'steps:', ...words.slice(2, 6).map((w) => `  - text: ${w} ${words[7]}`), 'keywords:', ...words.slice(0, 6).map((w) => `  - ${w}`),
          'phrases:', `  - kuidas ${words[0]} ${words[8]}`, `  - ${words[9]} ${words[10]} ${words[11]}`, 'reviewed: 2026-11-26', '---', `${words.join(' ')}.`].join('\n'),
      );
    }
  }
  return copy.dir;
}

/** Starts scripts/bench-server.ts in its own process and resolves its URL. */
async function startServer(kind: 'bot' | 'echo') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill() };
}

async function throughput(url: string): Promise<number> {
  let sent = 0;
  const requests = [
    {
      method: 'POST' as const,
      path: '/api/messages',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request: Record<string, unknown>) => {
        const n = sent++;
        const conversation = { id: `load-${Math.floor(n / TURNS_PER_CONVERSATION)}` };
        const text = QUESTIONS[(n * 5) % QUESTIONS.length];
        return { ...request, body: JSON.stringify({ type: 'message', text, deliveryMode: 'expectReplies', channelId: 'bench', serviceUrl: '', conversation, from: { id: 'merchant' }, recipient: { id: 'bot' } }) };
      },
    },
  ];
  const result = await autocannon({ url, connections: CONNECTIONS, duration: HTTP_SECONDS, requests });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

const fmt = (n: number) => n.toFixed(3);
const real = await turnLatency('content');
console.log(`in-process turn, real guides:        p50 ${fmt(real.p50)} ms  p99 ${fmt(real.p99)} ms`);
const large = await turnLatency(generatedContent(1000));
console.log(`in-process turn, +1,000 generated:   p50 ${fmt(large.p50)} ms  p99 ${fmt(large.p99)} ms  (×${(large.p99 / real.p99).toFixed(2)} of real p99)`);
const realUnique = await turnLatency('content', true);
console.log(`  every question new, real guides:   p50 ${fmt(realUnique.p50)} ms  p99 ${fmt(realUnique.p99)} ms`);
const largeUnique = await turnLatency(generatedContent(1000), true);
console.log(`  every question new, +1,000:        p50 ${fmt(largeUnique.p50)} ms  p99 ${fmt(largeUnique.p99)} ms`);

const echo = await startServer('echo');
const echoRps = await throughput(echo.url);
echo.stop();
const ours = await startServer('bot');
const oursRps = await throughput(ours.url);
ours.stop();
console.log(`HTTP /api/messages, ${CONNECTIONS} concurrent, expectReplies: echo bot ${echoRps.toFixed(0)} turns/s, ours ${oursRps.toFixed(0)} turns/s`);
console.log(`throughput ratio ours/echo: ${(oursRps / echoRps).toFixed(2)}`);
