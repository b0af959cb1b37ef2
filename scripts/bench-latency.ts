// The benchmark's in-process part: turns one after another, timed one by one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { copyContent } from '../test/support/content-copy.js';
import { questionOf, TURNS_PER_CONVERSATION } from './bench-questions.js';
import { echoBot } from './echo-bot.js';

export type Latency = { p50: number; p99: number };
export type Turn = (activity: Partial<Activity>) => Promise<unknown>;

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `turn` on the questions in order, one conversation after another (TURNS_PER_CONVERSATION each), each turn a new
 * message as if it had come over the network: the event loop gets a tick between turns (where SQLite commits), outside
 * the timed part. `unique`: every question is new text, so no remembered reading helps. `run` can be called several
 * times (rounds alternating with other bots); the conversations go on where the last call stopped.
 */
export function createTurnTimer(turn: Turn, questions: string[], unique = false) {
  const times: number[] = [];
  let i = 0;
  return {
    async run(count: number, options: { timed: boolean } = { timed: true }): Promise<void> {
      for (const end = i + count; i < end; i++) {
        const conversation = Math.floor(i / TURNS_PER_CONVERSATION);
        const text = `${questionOf(questions, conversation, i % TURNS_PER_CONVERSATION)}${unique ? ` ${i}` : ''}`;
        const started = process.hrtime.bigint();
        await turn({ type: 'message', text, conversation: { id: `bench-${conversation}` } as never });
        if (options.timed) times.push(Number(process.hrtime.bigint() - started) / 1e6);
        await nextTick();
      }
    },
    latency(): Latency {
      const sorted = [...times].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    },
  };
}

/** `warmup` untimed turns, then `turns` timed ones. */
export async function latency(turn: Turn, questions: string[], sizes: { warmup: number; turns: number }, unique = false): Promise<Latency> {
  const timer = createTurnTimer(turn, questions, unique);
  await timer.run(sizes.warmup, { timed: false });
  await timer.run(sizes.turns);
  return timer.latency();
}

/** The baseline's turn: the echo bot through its CloudAdapter, in process. */
export function echoTurn(): Turn {
  const { adapter, logic } = echoBot();
  const base = { channelId: 'bench', serviceUrl: '', deliveryMode: 'expectReplies', from: { id: 'merchant' }, recipient: { id: 'bot' } };
  return (activity) => adapter.runActivity({ ...base, ...activity } as Activity, logic);
}

/** A copy of content/ with `count` generated guides in each language added (words made of syllables, never real ones). */
export function generatedContent(count: number): string {
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
