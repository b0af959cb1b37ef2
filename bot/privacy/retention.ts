import type { Logger } from '../logger.js';
import { createYielder } from '../yielder.js';
import type { DataErasure, ErasureResult } from './data-erasure.js';

// How often the purge runs; the first run comes a minute after the start, away from the boot's own work.
const EVERY_MS = 60 * 60_000;
const FIRST_AFTER_MS = 60_000;

/**
 * One engine's deletes of what is older than a cutoff, a batch at a time (sqlite-retention.ts, postgres-retention.ts):
 * activities, transcripts, turn records, feedback, handoff cases and conversations. A conversation goes when nothing
 * of it is newer, so an id or watermark is never reused while it is live.
 */
export type RetentionPurge = {
  /** each step deletes one batch and yields what it deleted */
  batches: (cutoff: string) => AsyncIterable<ErasureResult>;
  /** after a purge that deleted something: no trace of the rows left where the engine can help it */
  finish: () => Promise<void>;
};

export type Retention = {
  /** deletes everything older than RETENTION_DAYS now, in slices; resolves with what went */
  purge: () => Promise<ErasureResult>;
  /** purges on a schedule until the returned function is called */
  schedule: () => () => void;
};

/** RETENTION_DAYS: the purge, one run at a time, pausing between batches, recorded in the erasure audit. */
export function createRetention(deps: { purge: RetentionPurge; erasure: DataErasure; days: number; logger: Logger; now?: () => Date }): Retention {
  const now = deps.now ?? (() => new Date());
  let running: Promise<ErasureResult> | undefined;

  async function purgeOnce(): Promise<ErasureResult> {
    const cutoff = new Date(now().getTime() - deps.days * 86_400_000).toISOString();
    const pause = createYielder();
    let rows = 0;
    let conversations = 0;
    for await (const batch of deps.purge.batches(cutoff)) {
      rows += batch.rows;
      conversations += batch.conversations;
      await pause();
    }
    if (rows === 0) return { conversations, rows };
    await deps.purge.finish();
    await deps.erasure.audit({ at: now().toISOString(), by: 'retention', kind: 'retention', subject: `older than ${cutoff}`, conversations, rows });
    return { conversations, rows };
  }

  const purge = () => {
    running ??= purgeOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    purge,
    schedule() {
      const run = () =>
        void purge().then(
          (r) => r.rows > 0 && deps.logger.info('retention purge', { days: deps.days, ...r }),
          (error: Error) => deps.logger.error('retention purge failed', { error: error.message }),
        );
      const first = setTimeout(run, FIRST_AFTER_MS);
      const every = setInterval(run, EVERY_MS);
      first.unref();
      every.unref();
      return () => {
        clearTimeout(first);
        clearInterval(every);
      };
    },
  };
}
