import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Presence } from '../../bot/events/presence.js';

const POLL = { timeout: 5_000, interval: 10 };

export type PresenceEngine = {
  /** another instance's presence on the same agents (the in-process one: the same presence), counting nobody yet */
  open: () => Promise<Presence>;
  close: () => Promise<void>;
};

/** What every Presence of the bot must do; test/events/presence.test.ts runs it once per implementation. */
export function describePresenceContract(name: string, engine: () => Promise<PresenceEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`Presence contract: ${name}`, () => {
    let current: PresenceEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });

    it('counts agents, not consoles: an agent counts while at least one of their consoles is open', async () => {
      const here = await current.open();
      expect(await here.agentsOnline()).toBe(0);
      const kadri = here.join('kadri');
      const kadriAgain = here.join('kadri');
      const mart = here.join('mart');
      expect(await here.agentsOnline()).toBe(2);
      kadri();
      expect(await here.agentsOnline()).toBe(2);
      kadriAgain();
      expect(await here.agentsOnline()).toBe(1);
      mart();
      expect(await here.agentsOnline()).toBe(0);
    });

    it('closing a console twice counts it out once', async () => {
      const here = await current.open();
      const first = here.join('kadri');
      const second = here.join('kadri');
      first();
      first();
      expect(await here.agentsOnline()).toBe(1);
      second();
      expect(await here.agentsOnline()).toBe(0);
    });

    it('counts the agents of every instance, an agent signed in on two of them once', async () => {
      const [a, b] = [await current.open(), await current.open()];
      const leave = [a.join('kadri'), b.join('kadri'), b.join('mart')];
      // Another instance's change is seen within moments (PostgreSQL: once its write commits).
      await expect.poll(() => a.agentsOnline(), POLL).toBe(2);
      expect(await b.agentsOnline()).toBe(2);
      leave[1]?.();
      leave[2]?.();
      await expect.poll(() => a.agentsOnline(), POLL).toBe(1);
      leave[0]?.();
      await expect.poll(() => b.agentsOnline(), POLL).toBe(0);
    });
  });
}
