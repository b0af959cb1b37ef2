import type { Activity } from 'botbuilder';
import { describe, expect, it, vi } from 'vitest';
import { createInProcessPubSub } from '../../bot/events/pubsub.js';
import { createCaseEvents } from '../../bot/handoff/case-events.js';
import type { HandoffCase, HandoffStore } from '../../bot/handoff/handoff-store.js';
import type { MerchantNotices } from '../../bot/handoff/merchant-notices.js';
import { createQueueWatch } from '../../bot/handoff/queue-watch.js';
import { createLogger } from '../../bot/logger.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Two instances on one queue: a shared list of waiting cases, each instance with its own events and queue watch. */
function twoInstances() {
  let waiting: HandoffCase[] = [];
  const told: string[] = [];
  const store = {
    list: async () => waiting,
    addEntry: async (entry: object) => ({ seq: 0, ...entry }),
  } as unknown as HandoffStore;
  const notices = { waiting: (_locale: string, position: number) => ({ type: 'message', text: `place ${position}` }) } as unknown as MerchantNotices;
  const bus = createInProcessPubSub();
  const instance = (name: string) => {
    const events = createCaseEvents({ bus, entries: () => [] });
    const outlet = { send: async (c: HandoffCase, activities: Partial<Activity>[]) => void told.push(`${name} → ${c.id}: ${activities[0]?.text}`) };
    createQueueWatch({
      store,
      notices,
      outlet: outlet as never,
      events,
      estimate: async () => () => undefined,
      logger: createLogger('silent'),
      now: () => new Date(),
    });
    return events;
  };
  const kase = (id: string) => ({ id, locale: 'et' }) as HandoffCase;
  return {
    a: instance('A'),
    b: instance('B'),
    told,
    set: (ids: string[]) => {
      waiting = ids.map(kase);
    },
  };
}

describe('queue positions with two instances', () => {
  it('the instance where the queue changed tells the merchants; the other only notes it, and does not tell them again', async () => {
    const { a, b, told, set } = twoInstances();
    set(['k1', 'k2', 'k3']);
    a.publish({ type: 'queue', caseId: 'k3' });
    await settle();
    // New cases were told their place by the turn that opened them.
    expect(told).toEqual([]);

    set(['k2', 'k3']);
    b.publish({ type: 'queue', caseId: 'k1' });
    await vi.waitFor(() => expect(told).toHaveLength(2));
    expect(told).toEqual(['B → k2: place 1', 'B → k3: place 2']);

    // A change on A that moves nobody: A knows what B told, so nobody hears it twice.
    set(['k2', 'k3', 'k4']);
    a.publish({ type: 'queue', caseId: 'k4' });
    await settle();
    expect(told).toHaveLength(2);

    set(['k3', 'k4']);
    a.publish({ type: 'queue', caseId: 'k2' });
    await vi.waitFor(() => expect(told).toHaveLength(4));
    expect(told.slice(2)).toEqual(['A → k3: place 1', 'A → k4: place 2']);
  });
});
