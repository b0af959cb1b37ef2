import type { Logger } from '../logger.js';
import type { CaseEvents } from './case-events.js';
import type { HandoffStore } from './handoff-store.js';
import type { MerchantNotices } from './merchant-notices.js';
import type { MerchantOutlet } from './merchant-outlet.js';

/**
 * Tells each waiting merchant their new place in the queue and expected wait when either changes (a chat ahead was
 * taken, cancelled or expired), without waiting for them to write. Changes published together are looked at once.
 * With several instances, the instance where the change happened tells; the others only note what was told, so none
 * of them repeats it when a change of its own comes next.
 */
export function createQueueWatch(deps: {
  store: HandoffStore;
  notices: MerchantNotices;
  outlet: MerchantOutlet;
  events: CaseEvents;
  estimate: () => Promise<(position: number) => number | undefined>;
  logger: Logger;
  now: () => Date;
}) {
  const { store, events } = deps;
  /** what each waiting merchant was last told: "position|minutes" */
  const told = new Map<string, string>();
  let scheduled = false;
  let tellNext = false;
  let stopped = false;

  /** `tell`: push notices for the places that changed; otherwise only remember them (another instance told). */
  async function refresh(tell = true): Promise<void> {
    scheduled = false;
    if (stopped) return;
    const waiting = await store.list(['waiting']);
    const ids = new Set(waiting.map((c) => c.id));
    for (const id of told.keys()) if (!ids.has(id)) told.delete(id);
    const estimate = await deps.estimate();
    for (const [index, c] of waiting.entries()) {
      // The desk stopped while a push was on its way: the database may be closed.
      if (stopped) return;
      const position = index + 1;
      const minutes = estimate(position);
      const now = `${position}|${minutes ?? ''}`;
      const before = told.get(c.id);
      told.set(c.id, now);
      // A case seen for the first time was just told its place by the turn that opened it.
      if (!tell || before === undefined || before === now) continue;
      const notice = deps.notices.waiting(c.locale, position, { moved: true, minutes });
      const entry = await store.addEntry({ caseId: c.id, at: deps.now().toISOString(), kind: 'bot', author: '', text: notice.text ?? '', delivered: true });
      events.publish({ type: 'entry', caseId: c.id, entry });
      // A channel with no way to push: the merchant hears their place when they next write.
      await deps.outlet.send(c, [notice]);
    }
  }

  const schedule = (tell: boolean) => {
    tellNext ||= tell;
    if (scheduled) return;
    scheduled = true;
    // After the turn's own writes, before anything else gets to close the file.
    queueMicrotask(() => {
      const telling = tellNext;
      tellNext = false;
      refresh(telling).catch((error: Error) => deps.logger.warn('queue position push failed', { error: error.message }));
    });
  };
  const unwatch = events.watch((event, here) => {
    if (event.type === 'queue') schedule(here);
  });
  // Changes elsewhere may have been missed: what was told is read again, quietly.
  const stopResync = events.onReconnect(() => schedule(false));
  return {
    refresh,
    stop() {
      stopped = true;
      unwatch();
      stopResync();
    },
  };
}
