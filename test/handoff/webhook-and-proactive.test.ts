import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandoffWebhook } from '../../bot/handoff/handoff-webhook.js';
import { createSqliteWebhookOutbox } from '../../bot/handoff/sqlite-webhook-outbox.js';
import { createLogger } from '../../bot/logger.js';
import { openDatabase } from '../../bot/storage/database.js';
import { type RunningSite, startSite, waitFor, openDesk } from '../support/staff-site.js';

type Received = { path: string; headers: IncomingMessage['headers']; body: string };

/** A stand-in for something outside: a helpdesk, or the Bot Framework connector a channel runs. */
async function outside(answer: (r: Received, n: number) => number): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body };
      received.push(r);
      res.writeHead(answer(r, received.length), { 'content-type': 'application/json' }).end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('the handoff webhook', () => {
  const sender = (url: string, lines: string[], retryDelaysMs: number[]) => {
    const outbox = createSqliteWebhookOutbox(openDatabase(':memory:'));
    const webhook = createHandoffWebhook({
      url,
      secret: 'shared secret 1234',
      logger: createLogger('info', (l) => lines.push(l)),
      outbox,
      now: () => new Date(),
      retryDelaysMs,
    });
    return { outbox, webhook };
  };

  it('retries after failures with a pause, signs the body with HMAC-SHA256, and logs what failed', async () => {
    const helpdesk = await outside((_r, n) => (n < 3 ? 503 : 200));
    const lines: string[] = [];
    const { outbox, webhook } = sender(`${helpdesk.url}/in`, lines, [10, 20, 40]);
    expect(await webhook.post('handoff.initiate', { caseId: 'c1' })).toBe(true);
    await waitFor(() => helpdesk.received.length === 3);
    const last = helpdesk.received[2] as Received;
    expect(JSON.parse(last.body)).toEqual({ event: 'handoff.initiate', caseId: 'c1' });
    expect(last.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', 'shared secret 1234').update(last.body).digest('hex')}`);
    expect(last.headers['x-handoff-event']).toBe('handoff.initiate');
    expect(new Set(helpdesk.received.map((r) => r.headers['x-delivery-id'])).size).toBe(1);
    const delivery = await waitFor(async () => {
      const d = await outbox.get(last.headers['x-delivery-id'] as string);
      return d?.status === 'sent' && d;
    });
    expect(delivery).toMatchObject({ attempts: 3, body: {} });
    expect(lines.filter((l) => l.includes('will retry'))).toHaveLength(2);
    webhook.stop();
    helpdesk.server.close();
  });

  it('gives up after the last retry and logs it, without throwing', async () => {
    const helpdesk = await outside(() => 500);
    const lines: string[] = [];
    const { outbox, webhook } = sender(helpdesk.url, lines, [5, 5]);
    expect(await webhook.post('handoff.initiate', {})).toBe(true);
    await waitFor(() => helpdesk.received.length === 3);
    const failed = await waitFor(async () => {
      const d = await outbox.get(helpdesk.received[0]?.headers['x-delivery-id'] as string);
      return d?.status === 'failed' && d;
    });
    expect(failed).toMatchObject({ attempts: 3, lastError: 'status 500' });
    expect(lines.at(-1)).toContain('gave up');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(helpdesk.received).toHaveLength(3);
    webhook.stop();
    helpdesk.server.close();
  });

  it('queues nothing when no webhook is set up', async () => {
    const { webhook } = sender('', [], [5]);
    expect(await webhook.post('handoff.initiate', {})).toBe(false);
  });

  it('is refused at boot without a secret', async () => {
    await expect(startSite({ HANDOFF_WEBHOOK_URL: 'https://helpdesk.example/in' })).rejects.toThrow(/HANDOFF_WEBHOOK_SECRET/);
  });
});

describe('a conversation that came over /api/messages from a Bot Framework channel', () => {
  let running: RunningSite;
  let connector: Awaited<ReturnType<typeof outside>>;
  beforeAll(async () => {
    connector = await outside(() => 200);
    running = await startSite({ UNAUTHENTICATED_REPLY_HOSTS: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.stop();
    connector.server.close();
  });

  it('gets the agent’s messages by the proactive path, with the stored conversation reference', async () => {
    const { agent, stream } = await openDesk(running.url);
    const say = (text: string) =>
      fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text,
          id: `m-${text.length}`,
          channelId: 'emulator',
          serviceUrl: connector.url,
          conversation: { id: 'emulator-conv' },
          from: { id: 'merchant' },
          recipient: { id: 'bot' },
          locale: 'en-US',
        }),
      });
    await say('I want to talk to a human');
    const caseId = ((await agent.queue()).body as { id: string }[])[0]?.id as string;
    await agent.claim(caseId);
    await agent.send(caseId, 'Hi, Kadri here.');
    const posted = await waitFor(() => connector.received.map((r) => JSON.parse(r.body) as Activity).filter((a) => a.text === 'Hi, Kadri here.')[0]);
    expect(posted.conversation.id).toBe('emulator-conv');
    const statuses = connector.received
      .map((r) => JSON.parse(r.body) as Activity)
      .filter((a) => a.name === 'handoff.status')
      .map((a) => (a.value as { state: string }).state);
    expect(statuses).toEqual(['accepted']);
    expect(connector.received.every((r) => r.path.startsWith('/v3/conversations/emulator-conv/activities'))).toBe(true);
    stream.close();
  });
});
