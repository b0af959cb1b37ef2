import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { agentApi, type RunningSite, signIn, STAFF_USERS, startSite, waitFor, webMerchant } from '../support/staff-site.js';
import { tempDataDir } from '../support/web-server.js';

// Saturday afternoon in Tallinn: support is closed, so the request is answered by e-mail and ends in the history.
const SATURDAY = Date.parse('2026-11-28T12:00:00Z');
const started = Date.now();
const clock = () => new Date(SATURDAY + (Date.now() - started));
const HASH = STAFF_USERS.split(';')[0]?.split(':')[3] as string;
const dataBytes = (dir: string) => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));

describe('erasure by e-mail address reaches what the agent desk keeps', () => {
  const data = tempDataDir();
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let running: RunningSite;
  // A helpdesk that refuses every packet: a refused delivery keeps its packet (the transcript) in the outbox.
  const helpdesk = createServer((_req, res) => void res.writeHead(400).end());
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    await new Promise<void>((resolve) => helpdesk.listen(0, '127.0.0.1', resolve));
    const webhook = {
      HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}/in`,
      HANDOFF_WEBHOOK_SECRET: 'a webhook secret of some length',
    };
    running = await startSite(
      {
        DATA_DIR: data.dir,
        SUPPORT_HOURS: 'Mon-Fri 09:00-17:00',
        SMTP_URL: inbox.url,
        STAFF_USERS: `${STAFF_USERS};priya:Priya:agent+privacy:${HASH}`,
        ...webhook,
      },
      { now: clock },
    );
  });
  afterAll(async () => {
    await running.stop().catch(() => undefined);
    await inbox.stop();
    helpdesk.close();
    data.remove();
  });

  it('removes the case history, its text index, the e-mail answer and the refused webhook packets with the chat', async () => {
    const merchant = await webMerchant(running.url);
    await merchant.say('tahan inimesega rääkida');
    await merchant.say('kaia.kask@example.ee');
    await merchant.say('Kas Lõunatuule-3381 tellimusi saab Lätti saata?');
    const agent = agentApi(running.url, await signIn(running.url, 'kadri'));
    const filed = ((await agent.queue()).body as { id: string; email?: string }[]).find((c) => c.email === 'kaia.kask@example.ee') as { id: string };
    await agent.claim(filed.id);
    await agent.send(filed.id, 'Jah, Päikesekivi-5520 vastus teile.');
    await waitFor(async () => (await running.site.bot.handoff.outbox.forCase(filed.id))[0]?.status === 'sent');
    await waitFor(() => inbox.mails.find((m) => m.to === 'kaia.kask@example.ee'));
    await running.site.bot.handoff.webhook.drain();
    const packets = running.site.bot.database!.prepare<[], { status: string }>("SELECT status FROM webhook_outbox WHERE body LIKE '%Lõunatuule-3381%'").all();
    expect(packets).toEqual([{ status: 'rejected' }]);
    expect(dataBytes(data.dir).includes('Päikesekivi-5520')).toBe(true);

    const erased = await running.site.erasure.erase({ kind: 'email', value: 'Kaia.Kask@example.ee' }, 'priya');
    expect(erased.conversations).toBe(1);
    const bytes = dataBytes(data.dir);
    for (const gone of ['Päikesekivi-5520', 'Lõunatuule-3381', 'kaia.kask@example.ee']) expect(bytes.includes(gone), gone).toBe(false);
  });
});
