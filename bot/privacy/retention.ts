import { CHANNEL_ID as WEB_CHANNEL } from '../channel/web-chats.js';
import type { Logger } from '../logger.js';
import { createYielder } from '../yielder.js';
import type { Database } from '../storage/database.js';
import type { DataErasure, ErasureResult } from './data-erasure.js';

// Rows deleted per statement: a few milliseconds of work, then the event loop is free again.
const BATCH = 500;
// How often the purge runs; the first run comes a minute after the start, away from the boot's own work.
const EVERY_MS = 60 * 60_000;
const FIRST_AFTER_MS = 60_000;
// Tables whose rows carry their own time, written in time order (seq), so the oldest come first.
const TIMED = ['transcript_activities', 'turn_records', 'feedback_records', 'missed_questions'] as const;

export type Retention = {
  /** deletes everything older than RETENTION_DAYS now, in slices; resolves with what went */
  purge: () => Promise<ErasureResult>;
  /** purges on a schedule until the returned function is called */
  schedule: () => () => void;
};

/**
 * RETENTION_DAYS: activities, transcripts, turn records, feedback, handoff cases and conversations older than that are
 * deleted. A conversation goes when nothing of it is newer, so an id or watermark is never reused while it is live.
 */
export function createRetention(deps: { db: Database; erasure: DataErasure; days: number; logger: Logger; now?: () => Date }): Retention {
  const { db, erasure } = deps;
  const now = deps.now ?? (() => new Date());
  const has = (table: string) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));
  let running: Promise<ErasureResult> | undefined;

  async function purgeOnce(): Promise<ErasureResult> {
    const cutoff = new Date(now().getTime() - deps.days * 86_400_000).toISOString();
    const pause = createYielder();
    let rows = 0;
    let conversations = 0;
    for (const table of TIMED.filter(has)) {
      const step = db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} ORDER BY seq LIMIT ${BATCH}) AND at < ?`);
      for (let deleted = BATCH; deleted > 0; await pause()) {
        deleted = erasure.scrub(() => step.run(cutoff).changes, false);
        rows += deleted;
      }
    }
    if (has('handoff_cases')) {
      const old = db.prepare<[string], string>(`SELECT id FROM handoff_cases WHERE created_at < ? LIMIT ${BATCH}`).pluck();
      for (let batch = old.all(cutoff); batch.length > 0; batch = old.all(cutoff)) {
        rows += erasure.scrub(() =>
          batch.reduce(
            (n, id) =>
              n + erasure.forgetCase(id) + db.prepare('DELETE FROM handoff_entries WHERE case_id = ?').run(id).changes + db.prepare('DELETE FROM handoff_cases WHERE id = ?').run(id).changes,
            0,
          ),
        );
        await pause();
      }
    }
    // A conversation is over once nothing of it is inside the period: a web chat's last Direct Line activity (its
    // transcript), any other channel's transcript lines.
    const recent = db.prepare<[string, string, string], number>('SELECT 1 FROM transcript_activities WHERE channel_id = ? AND conversation_id = ? AND at >= ? LIMIT 1').pluck();
    const lastWeb = db.prepare<[string], string | null>("SELECT activity ->> '$.timestamp' FROM activities WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1").pluck();
    const stale = (channel: string, id: string) => {
      if (channel === WEB_CHANNEL && has('activities')) return (lastWeb.get(id) ?? '') < cutoff;
      return !has('transcript_activities') || recent.get(channel, id, cutoff) === undefined;
    };
    if (has('conversations')) {
      const page = db.prepare<[number], { rowid: number; id: string; created_at: string }>(`SELECT rowid, id, created_at FROM conversations WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
      for (let after = 0, batch = page.all(after); batch.length > 0; batch = page.all(after)) {
        after = batch.at(-1)?.rowid ?? after;
        const gone = batch.filter((c) => c.created_at < cutoff && stale(WEB_CHANNEL, c.id));
        rows += erasure.scrub(() => gone.reduce((n, c) => n + erasure.forgetConversation(WEB_CHANNEL, c.id), 0), false);
        conversations += gone.length;
        await pause();
      }
    }
    if (has('bot_state')) {
      const page = db.prepare<[number], { rowid: number; key: string }>(`SELECT rowid, key FROM bot_state WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`);
      for (let after = 0, batch = page.all(after); batch.length > 0; batch = page.all(after)) {
        after = batch.at(-1)?.rowid ?? after;
        const gone = batch.map((b) => /^(.*?)\/conversations\/(.*)\/$/.exec(b.key)).filter((m): m is RegExpExecArray => m !== null && stale(m[1] as string, m[2] as string));
        rows += erasure.scrub(() => gone.reduce((n, m) => n + erasure.forgetConversation(m[1] as string, m[2] as string), 0), false);
        conversations += gone.filter((m) => m[1] !== WEB_CHANNEL).length;
        await pause();
      }
    }
    if (rows === 0) return { conversations, rows };
    erasure.scrub(() => 0);
    erasure.audit({ at: now().toISOString(), by: 'retention', kind: 'retention', subject: `older than ${cutoff}`, conversations, rows });
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
