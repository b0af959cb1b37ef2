import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHandoffWebhook, type HandoffWebhook } from '../../bot/handoff/handoff-webhook.js';
import type { WebhookOutbox } from '../../bot/handoff/webhook-outbox.js';
import { createLogger } from '../../bot/logger.js';
import { deskEngines, describeEngines } from '../support/desk-engines.js';
import { waitFor } from '../support/staff-site.js';

const SECRET = 'shared secret 1234';
type Received = { headers: IncomingHttpHeaders; body: string };

/** A helpdesk that records every POST and answers with `status(n)` (n counts from 1). */
async function helpdesk(status: (n: number) => number = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status(received.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`, received, close: () => server.close() };
}

// The webhook's senders on both engines: each instance runs one; together they send every delivery once, and what
// one left behind (it died, or restarted before a retry) another sends.
describeEngines('webhook deliveries from the outbox', deskEngines, (engine) => {
  const clock = { now: Date.parse('2026-03-02T09:00:00.000Z') };
  const senders: HandoffWebhook[] = [];
  let desk: Awaited<ReturnType<typeof helpdesk>>;
  let answer = (_n: number) => 200;
  beforeAll(async () => {
    desk = await helpdesk((n) => answer(n));
  });
  afterAll(() => {
    for (const s of senders) s.stop();
    desk.close();
  });
  const sender = (worker: string, outbox: WebhookOutbox = engine().open().webhooks) => {
    const webhook = createHandoffWebhook({
      url: desk.url,
      secret: SECRET,
      logger: createLogger('silent'),
      outbox,
      now: () => new Date(clock.now),
      worker,
      retryDelaysMs: [5_000],
    });
    senders.push(webhook);
    return webhook;
  };
  const deliveryIds = (from = 0) => desk.received.slice(from).map((r) => r.headers['x-delivery-id'] as string);

  it('two instances’ senders, 40 deliveries queued on both: every one is sent exactly once, signed as before', async () => {
    const [a, b] = [sender('A'), sender('B')];
    const posts = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).post('handoff.initiate', { caseId: `c${i}`, locale: 'et', transcript: [{ text: 'Tere 👋' }] }),
    );
    await Promise.all(posts);
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    await waitFor(() => desk.received.length >= 40);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(desk.received).toHaveLength(40);
    expect(new Set(deliveryIds()).size).toBe(40);
    expect(desk.received.map((r) => JSON.parse(r.body).caseId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`).sort());
    for (const r of desk.received) {
      expect(r.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      expect(JSON.parse(r.body)).toMatchObject({ event: 'handoff.initiate', locale: 'et', transcript: [{ text: 'Tere 👋' }] });
    }
    const outbox = engine().open().webhooks;
    for (const id of deliveryIds()) expect(await outbox.get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a delivery claimed by an instance that died is sent by the other once the lease is over, and only then', async () => {
    const before = desk.received.length;
    const outbox = engine().open().webhooks;
    // A queues a delivery and claims it, then dies before sending it (nothing records its try).
    const a = createHandoffWebhook({ url: desk.url, secret: SECRET, logger: createLogger('silent'), outbox, now: () => new Date(clock.now), worker: 'A' });
    a.stop();
    await a.post('handoff.filed', { caseId: 'orphan' });
    const [claimed] = await outbox.claim('A', new Date(clock.now).toISOString(), 60_000, 10);
    expect(claimed?.body).toEqual({ caseId: 'orphan' });
    const b = sender('B');
    await b.drain();
    expect(desk.received.length).toBe(before);
    clock.now += 61_000;
    await b.drain();
    await waitFor(() => desk.received.length > before);
    await b.drain();
    expect(deliveryIds(before)).toEqual([claimed?.deliveryId]);
    expect(JSON.parse(desk.received[before]?.body ?? '')).toEqual({ event: 'handoff.filed', caseId: 'orphan' });
    expect(await outbox.get(claimed?.deliveryId as string)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a retry survives a restart: the next instance sends it when it falls due, with the same delivery id and body', async () => {
    const before = desk.received.length;
    answer = (n) => (n === before + 1 ? 503 : 200);
    const first = sender('first');
    await first.post('handoff.initiate', { caseId: 'retry' });
    await first.drain();
    await waitFor(() => desk.received.length === before + 1);
    first.stop();
    const outbox = engine().open().webhooks;
    const id = deliveryIds(before)[0] as string;
    await waitFor(async () => (await outbox.get(id))?.lastError === 'status 503');
    const next = sender('next');
    await next.drain();
    expect(desk.received.length).toBe(before + 1);
    clock.now += 5_000;
    await next.drain();
    await waitFor(() => desk.received.length === before + 2);
    const [tried, sent] = desk.received.slice(before) as [Received, Received];
    expect(sent.headers['x-delivery-id']).toBe(id);
    expect(sent.body).toBe(tried.body);
    expect(sent.headers['x-signature-256']).toBe(tried.headers['x-signature-256']);
    expect(await outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
