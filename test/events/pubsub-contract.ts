import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type EventPayload, MAX_PAYLOAD_BYTES, PayloadTooLargeError, type PubSub } from '../../bot/events/pubsub.js';

export type PubSubEngine = {
  /** another instance's bus on the same events (the in-process one: the same bus) */
  open: () => Promise<PubSub>;
  close: () => Promise<void>;
};

/** Collects what a handler receives. */
export function inbox() {
  const received: EventPayload[] = [];
  return { received, handler: (payload: EventPayload) => void received.push(payload) };
}

// Long enough for a round trip through PostgreSQL on a busy machine; absence is checked after a later event arrives.
const WAIT = { timeout: 5_000, interval: 5 };

/** What every PubSub of the bot must do; test/events/pubsub.test.ts runs it once per implementation. */
export function describePubSubContract(name: string, engine: () => Promise<PubSubEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`PubSub contract: ${name}`, () => {
    let current: PubSubEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });
    let n = 0;
    // Channels of each test's own, as the engine serves every test.
    const channel = (label: string) => `test.${label}.${++n}`;

    it('delivers an event to the subscribers of its channel, in this instance and another, and to no other channel', async () => {
      const [a, b] = [await current.open(), await current.open()];
      const [onA, onB, other] = [inbox(), inbox(), inbox()];
      const c = channel('deliver');
      await a.subscribe(c, onA.handler);
      await b.subscribe(c, onB.handler);
      await b.subscribe(channel('other'), other.handler);
      await a.publish(c, { conversationId: 'c-1', watermark: 7 });
      await vi.waitFor(() => {
        expect(onA.received).toEqual([{ conversationId: 'c-1', watermark: 7 }]);
        expect(onB.received).toEqual([{ conversationId: 'c-1', watermark: 7 }]);
      }, WAIT);
      expect(other.received).toEqual([]);
    });

    it("keeps one publisher's order, and gives each handler its own copy", async () => {
      const [a, b] = [await current.open(), await current.open()];
      const c = channel('order');
      const first = inbox();
      const second: EventPayload[] = [];
      await b.subscribe(c, first.handler);
      await b.subscribe(c, (payload) => {
        (payload as Record<string, unknown>).watermark = -1;
        second.push(payload);
      });
      for (let watermark = 1; watermark <= 40; watermark++) await a.publish(c, { conversationId: 'c', watermark });
      await vi.waitFor(() => expect(first.received).toHaveLength(40), WAIT);
      expect(first.received.map((p) => p.watermark)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(second).toHaveLength(40);
    });

    it('stops delivering to a handler after its unsubscribe, and only to that one', async () => {
      const [a, b] = [await current.open(), await current.open()];
      const c = channel('unsubscribe');
      const [kept, dropped] = [inbox(), inbox()];
      await b.subscribe(c, kept.handler);
      const unsubscribe = await b.subscribe(c, dropped.handler);
      await a.publish(c, { caseId: 'k1' });
      await vi.waitFor(() => expect(dropped.received).toHaveLength(1), WAIT);
      await unsubscribe();
      await unsubscribe();
      await a.publish(c, { caseId: 'k2' });
      await vi.waitFor(() => expect(kept.received).toHaveLength(2), WAIT);
      expect(dropped.received).toEqual([{ caseId: 'k1' }]);
    });

    it('a channel whose last handler left and that is subscribed again delivers again', async () => {
      const [a, b] = [await current.open(), await current.open()];
      const c = channel('again');
      const box = inbox();
      await (await b.subscribe(c, box.handler))();
      await b.subscribe(c, box.handler);
      await a.publish(c, { caseId: 'k' });
      await vi.waitFor(() => expect(box.received).toEqual([{ caseId: 'k' }]), WAIT);
    });

    it(`takes a payload of ${MAX_PAYLOAD_BYTES} bytes and refuses one byte more, counting bytes, not characters`, async () => {
      const [a, b] = [await current.open(), await current.open()];
      const c = channel('size');
      const box = inbox();
      await b.subscribe(c, box.handler);
      const envelope = JSON.stringify({ pad: '' }).length;
      const largest = { pad: 'x'.repeat(MAX_PAYLOAD_BYTES - envelope) };
      await a.publish(c, largest);
      await expect(a.publish(c, { pad: 'x'.repeat(MAX_PAYLOAD_BYTES - envelope + 1) })).rejects.toThrow(PayloadTooLargeError);
      // "õ" is two bytes in UTF-8: 4,000 of them are fewer characters than the limit but more bytes.
      await expect(a.publish(c, { pad: 'õ'.repeat(4000) })).rejects.toThrow(/over the 7999-byte limit/);
      await a.publish(c, { pad: 'end' });
      await vi.waitFor(() => expect(box.received).toHaveLength(2), WAIT);
      expect(box.received[0]).toEqual(largest);
    });

    it('refuses channel names that are not plain lower-case names', async () => {
      const a = await current.open();
      for (const bad of ['', 'Upper', 'has space', 'quote"', 'x'.repeat(64)]) {
        await expect(a.publish(bad, {})).rejects.toThrow(/not a channel name/);
        await expect(a.subscribe(bad, () => undefined)).rejects.toThrow(/not a channel name/);
      }
    });

    it('a handler that throws does not keep the event from the other handlers', async () => {
      const [a, b] = [await current.open(), await current.open()];
      const c = channel('throws');
      const box = inbox();
      await b.subscribe(c, () => {
        throw new Error('handler failed (expected in this test)');
      });
      await b.subscribe(c, box.handler);
      await a.publish(c, { caseId: 'k' });
      await vi.waitFor(() => expect(box.received).toEqual([{ caseId: 'k' }]), WAIT);
    });
  });
}
