import { randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { NewMail } from '../../bot/handoff/mail-outbox.js';
import { deskEngines, describeEngines } from '../support/desk-engines.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const unique = () => randomBytes(6).toString('hex');

// The two outboxes' rules on both engines: what is due, claims with a lease, and what a try records.
describeEngines('outbox contract', deskEngines, (engine) => {
  const mail = (over: Partial<NewMail> = {}): NewMail => ({
    caseId: `case-${unique()}`,
    to: 'mari@firma.ee',
    subject: 'Sinu küsimus',
    text: 'Tere!\n\nJah.',
    author: 'Kadri',
    status: 'pending',
    createdAt: at(0),
    ...over,
  });

  it('mail: added, claimed once (a lease: not due again until it ends), then sent or retried', async () => {
    const [a, b] = [engine().open().outbox, engine().open().outbox];
    const added = await a.add(mail());
    const draft = await a.add(mail({ caseId: added.caseId, status: 'draft' }));
    expect(added).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(0), to: 'mari@firma.ee', text: 'Tere!\n\nJah.' });
    expect(await b.get(added.id)).toEqual(added);
    expect(await b.forCase(added.caseId)).toEqual([added, draft]);
    const claimed = await a.claim(at(1), 60_000, 10);
    expect(claimed.map((m) => m.id)).toContain(added.id);
    expect(claimed.map((m) => m.id)).not.toContain(draft.id);
    expect(await b.claim(at(2), 60_000, 10)).toEqual([]);
    // The sender died: once the lease is over the mail is due again, for whoever looks.
    expect((await b.claim(at(62), 60_000, 10)).map((m) => m.id)).toEqual([added.id]);
    await b.markFailed(added.id, '451 mailbox busy', at(100));
    expect(await a.get(added.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: '451 mailbox busy', nextAttemptAt: at(100) });
    expect((await a.troubled(50)).map((m) => m.id)).toContain(added.id);
    expect(await a.nextDueAt()).toBe(at(100));
    expect(await a.claim(at(99), 60_000, 10)).toEqual([]);
    expect((await a.claim(at(100), 60_000, 10)).map((m) => m.id)).toEqual([added.id]);
    await a.markSent(added.id, at(101));
    expect(await b.get(added.id)).toMatchObject({ status: 'sent', attempts: 2, sentAt: at(101), lastError: undefined, nextAttemptAt: undefined });
    expect((await b.troubled(50)).map((m) => m.id)).not.toContain(added.id);
    expect(await b.nextDueAt()).toBeUndefined();
  });

  it('mail: a failure without a next try is failed for good, and shown as trouble', async () => {
    const o = engine().open().outbox;
    const added = await o.add(mail());
    await o.claim(at(1), 60_000, 10);
    await o.markFailed(added.id, '550 no such user', undefined);
    expect(await o.get(added.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: '550 no such user', nextAttemptAt: undefined });
    expect((await o.troubled(50))[0]?.id).toBe(added.id);
  });

  it('mail: two senders on two instances claiming at once never get the same mail', async () => {
    const [a, b] = [engine().open().outbox, engine().open().outbox];
    const added = [];
    for (let i = 0; i < 30; i++) added.push((await a.add(mail({ createdAt: at(500) }))).id);
    const claimed: number[] = [];
    const drain = async (o: typeof a) => {
      for (;;) {
        const [m] = await o.claim(at(501), 60_000, 1);
        if (!m) return;
        claimed.push(m.id);
      }
    };
    await Promise.all([drain(a), drain(a), drain(b), drain(b)]);
    expect(claimed.sort((x, y) => x - y)).toEqual(added);
  });

  const delivery = (seconds = 0) => ({
    deliveryId: randomUUID(),
    event: 'handoff.initiate' as const,
    body: { caseId: unique(), transcript: [{ text: 'Tere 👋' }] },
    at: at(seconds),
  });

  it('webhook: a claim is one worker’s until its lease ends; only that worker records the try', async () => {
    const [a, b] = [engine().open().webhooks, engine().open().webhooks];
    const d = delivery(1000);
    await a.add(d);
    await a.add(d);
    expect(await b.get(d.deliveryId)).toMatchObject({ status: 'pending', attempts: 0, body: d.body, event: 'handoff.initiate', createdAt: at(1000) });
    expect(await b.get(randomUUID())).toBeUndefined();
    expect(await b.get('not a delivery id')).toBeUndefined();
    const [claimed] = await a.claim('A', at(1001), 30_000, 10);
    expect(claimed).toMatchObject({ deliveryId: d.deliveryId, attempts: 1 });
    expect(await b.claim('B', at(1002), 30_000, 10)).toEqual([]);
    expect(await b.nextDueAt()).toBe(at(1031));
    // A died; after its lease B takes the delivery, and A's late word no longer counts.
    const [again] = await b.claim('B', at(1032), 30_000, 10);
    expect(again).toMatchObject({ deliveryId: d.deliveryId, attempts: 2 });
    expect(await a.finish(claimed?.id as number, 'A', { status: 'sent', at: at(1033) })).toBe(false);
    expect(await b.finish(again?.id as number, 'B', { status: 'pending', error: 'status 503', nextAttemptAt: at(1040) })).toBe(true);
    expect(await a.get(d.deliveryId)).toMatchObject({ status: 'pending', lastError: 'status 503', nextAttemptAt: at(1040) });
    expect(await a.claim('A', at(1039), 30_000, 10)).toEqual([]);
    const [third] = await a.claim('A', at(1040), 30_000, 10);
    expect(await a.finish(third?.id as number, 'A', { status: 'sent', at: at(1041) })).toBe(true);
    expect(await b.get(d.deliveryId)).toMatchObject({ status: 'sent', attempts: 3, sentAt: at(1041), body: {} });
    expect(await b.finish(third?.id as number, 'A', { status: 'sent', at: at(1042) })).toBe(false);
  });

  it('webhook: rejected and failed deliveries are never due again', async () => {
    const o = engine().open().webhooks;
    const [r, f] = [delivery(2000), delivery(2000)];
    await o.add(r);
    await o.add(f);
    const claimed = await o.claim('A', at(2001), 30_000, 10);
    expect(claimed.map((c) => c.deliveryId)).toEqual([r.deliveryId, f.deliveryId]);
    await o.finish(claimed[0]?.id as number, 'A', { status: 'rejected', error: 'status 400' });
    await o.finish(claimed[1]?.id as number, 'A', { status: 'failed', error: 'x'.repeat(2000) });
    expect(await o.claim('A', at(9999), 30_000, 10)).toEqual([]);
    expect(await o.get(r.deliveryId)).toMatchObject({ status: 'rejected', lastError: 'status 400', body: r.body });
    expect((await o.get(f.deliveryId))?.lastError).toHaveLength(500);
  });

  it('webhook: two workers on two instances claiming at once: every delivery claimed exactly once', async () => {
    const [a, b] = [engine().open().webhooks, engine().open().webhooks];
    const ids = [];
    for (let i = 0; i < 60; i++) {
      const d = delivery(3000);
      await a.add(d);
      ids.push(d.deliveryId);
    }
    const claimed: string[] = [];
    const drain = async (o: typeof a, worker: string) => {
      for (;;) {
        const batch = await o.claim(worker, at(3001), 30_000, 5);
        if (batch.length === 0) return;
        claimed.push(...batch.map((d) => d.deliveryId));
      }
    };
    await Promise.all([drain(a, 'A1'), drain(a, 'A2'), drain(b, 'B1'), drain(b, 'B2')]);
    expect(claimed.sort()).toEqual(ids.sort());
  });
});
