// The benchmark's PostgreSQL: a throwaway cluster of its own (as the tests start one), and the bot on it in process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BotParts, createBot } from '../bot/bot.js';
import type { Config } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { openPostgresEngine } from '../bot/postgres-engine.js';
import { createDatabase, startPostgresCluster } from '../test/support/postgres-cluster.js';
import { treeCpuMs } from './proc-cpu.js';

export type BenchPostgres = {
  /** e.g. "PostgreSQL 15.14 (a throwaway cluster in /tmp/montonio-pg-…: initdb 4,012 ms, start 612 ms)" */
  description: string;
  /** a new empty database in the cluster; its URL */
  createDatabase: (name: string) => Promise<string>;
  /** user + system CPU milliseconds of the server: the postmaster and every process it started (backends, writers) */
  cpuMs: () => number;
  /** fast shutdown, folder deleted */
  stop: () => Promise<void>;
  /** immediate shutdown for a benchmark cut short (Ctrl-C, an error); nothing to wait for */
  stopNow: () => void;
};

/**
 * initdb in a temporary folder and the server on a Unix socket there (test/support/postgres-cluster.ts: as the
 * `postgres` user when run as root, durability off as for the tests). Should this process end in any way before
 * `stop`, the server is stopped and its folder deleted on the way out.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  let cluster: Awaited<ReturnType<typeof startPostgresCluster>>;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    throw new Error(
      `The benchmark's PostgreSQL could not start: ${(error as Error).message}\nInstall Debian's postgresql package (npm test does), or run BENCH_POSTGRES=0 npm run bench to measure without PostgreSQL.`,
      { cause: error },
    );
  }
  const stopNow = () => cluster.stopNow();
  process.once('exit', stopNow);
  const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const { initMs, startMs } = cluster.timings;
  const round = (ms: number) => Math.round(ms).toLocaleString('en');
  return {
    description: `PostgreSQL ${cluster.version} (a throwaway cluster in ${cluster.dir}: initdb ${round(initMs)} ms, start ${round(startMs)} ms)`,
    createDatabase: async (name) => {
      await createDatabase(cluster.url('postgres'), name);
      return cluster.url(name);
    },
    cpuMs: () => treeCpuMs([postmaster]),
    stop: async () => {
      process.off('exit', stopNow);
      await cluster.stop();
    },
    stopNow,
  };
}

/** Our bot in process with everything on PostgreSQL (config.DATABASE_URL), as site.ts builds it; `close` ends its connections. */
export async function openPostgresBot(config: Config): Promise<{ bot: BotParts; close: () => Promise<void> }> {
  const logger = createLogger(config.LOG_LEVEL);
  const engine = await openPostgresEngine(config, { logger, now: () => new Date() });
  const bot = createBot(config, { ...engine.bot, logger });
  return {
    bot,
    close: async () => {
      bot.handoff.stop();
      await engine.close();
    },
  };
}
