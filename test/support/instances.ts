import { type BotProcess, startBotProcess } from './bot-process.js';
import { type Nginx, startNginx } from './nginx.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { tempDataDir } from './web-server.js';

export const INSTANCES_SECRET = 'several-instances-test-secret-0123456789abcdef';

// Many conversations from one address in a few seconds: the per-client limits would answer 429 to the test itself.
export const NO_RATE_LIMITS = {
  RATE_LIMIT_TOKENS_PER_MINUTE: '0',
  RATE_LIMIT_STARTS_PER_MINUTE: '0',
  RATE_LIMIT_TURNS_PER_MINUTE: '0',
  RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: '0',
};

export type Instances = {
  database: TestDatabase;
  bots: BotProcess[];
  /** nginx in front of every bot (docs/deploy/nginx.conf), when asked for */
  nginx?: Nginx;
  /** nginx stopped, every bot still running stopped with SIGTERM (its exit code given), the folders and database removed */
  stop: () => Promise<(number | null)[]>;
};

/**
 * `count` real bot processes (bot/main.ts) on one new PostgreSQL database (DATABASE_URL) and one DIRECT_LINE_SECRET,
 * started at once; `env(i)` adds instance i's own settings. With `nginx`, a real nginx in front of them all.
 */
export async function startInstances(options: {
  label: string;
  count?: number;
  env?: (i: number) => Record<string, string>;
  nginx?: boolean;
}): Promise<Instances> {
  const database = await createTestDatabase(options.label);
  const data = Array.from({ length: options.count ?? 2 }, () => tempDataDir());
  const bots: BotProcess[] = [];
  let nginx: Nginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    const codes: (number | null)[] = [];
    for (const bot of bots) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
      codes.push(await bot.exited);
    }
    for (const d of data) d.remove();
    await database.drop();
    return codes;
  };
  try {
    const started = await Promise.allSettled(
      data.map((d, i) =>
        startBotProcess({
          DATA_DIR: d.dir,
          DATABASE_URL: database.url,
          DIRECT_LINE_SECRET: INSTANCES_SECRET,
          TRUST_PROXY: 'loopback',
          ...options.env?.(i),
        }),
      ),
    );
    for (const result of started) if (result.status === 'fulfilled') bots.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (options.nginx) nginx = await startNginx(bots.map((b) => b.url));
  } catch (error) {
    await stop();
    throw error;
  }
  return { database, bots, nginx, stop };
}

/** Runs `task` for each item, at most `limit` at a time; resolves with the results in the items' order. */
export async function inParallel<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A small seeded random number generator (mulberry32), so a failing run can be told by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
