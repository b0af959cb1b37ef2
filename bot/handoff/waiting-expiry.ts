import type { Logger } from '../logger.js';
import type { CaseEvents } from './case-events.js';
import type { HandoffStore } from './handoff-store.js';
import type { MerchantNotices } from './merchant-notices.js';
import type { MerchantOutlet } from './merchant-outlet.js';

// How often waiting chats are checked; a chat ends at most this long after its time is up.
const SWEEP_MS = 30_000;

/**
 * Ends chats nobody took within HANDOFF_WAIT_MINUTES: the merchant is told (now, or with their next message), the bot
 * answers again, the console drops the chat. A flood of cases cannot pile up forever.
 */
export function createWaitingExpiry(deps: {
  store: HandoffStore;
  notices: MerchantNotices;
  outlet: MerchantOutlet;
  events: CaseEvents;
  waitMinutes: number;
  logger: Logger;
  now: () => Date;
}) {
  const { store } = deps;
  let stopped = false;

  async function sweep(): Promise<number> {
    const now = deps.now();
    const cutoff = new Date(now.getTime() - deps.waitMinutes * 60_000).toISOString();
    let ended = 0;
    for (const c of await store.list(['waiting'])) {
      if (c.createdAt > cutoff || stopped) break;
      const expired = await store.transition(c.id, ['waiting'], { status: 'cancelled', closedAt: now.toISOString() });
      if (!expired) continue;
      ended += 1;
      const notice = deps.notices.expired(c.locale, deps.waitMinutes);
      const entry = await store.addEntry({
        caseId: c.id,
        at: now.toISOString(),
        kind: 'status',
        author: '',
        text: 'expired',
        delivered: false,
        activity: notice,
      });
      deps.events.publish({ type: 'entry', caseId: c.id, entry });
      deps.events.publish({ type: 'queue', caseId: c.id });
      if (await deps.outlet.send(expired, [notice])) await store.markDelivered([entry.seq]);
    }
    return ended;
  }

  const timer = setInterval(() => {
    sweep().catch((error: Error) => deps.logger.error('ending expired chats failed', { error: error.message }));
  }, SWEEP_MS);
  timer.unref();
  return {
    sweep,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
