import { readdirSync, readFileSync } from 'node:fs';
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
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    running = await startSite(
      { DATA_DIR: data.dir, SUPPORT_HOURS: 'Mon-Fri 09:00-17:00', SMTP_URL: inbox.url, STAFF_USERS: `${STAFF_USERS};priya:Priya:agent+privacy:${HASH}` },
      { now: clock },
    );
  });
  afterAll(async () => {
    await running.stop().catch(() => undefined);
    await inbox.stop();
    data.remove();
  });

  it('removes the case history, its text index and the e-mail answer with the chat', async () => {
    const merchant = await webMerchant(running.url);
    await merchant.say('tahan inimesega rääkida');
    await merchant.say('kaia.kask@example.ee');
    await merchant.say('Kas Lõunatuule-3381 tellimusi saab Lätti saata?');
    const agent = agentApi(running.url, await signIn(running.url, 'kadri'));
    const filed = ((await agent.queue()).body as { id: string; email?: string }[]).find((c) => c.email === 'kaia.kask@example.ee') as { id: string };
    await agent.claim(filed.id);
    await agent.send(filed.id, 'Jah, Päikesekivi-5520 vastus teile.');
    await waitFor(() => running.site.bot.handoff.outbox.forCase(filed.id)[0]?.status === 'sent');
    await waitFor(() => inbox.mails.find((m) => m.to === 'kaia.kask@example.ee'));
    expect(dataBytes(data.dir).includes('Päikesekivi-5520')).toBe(true);

    const erased = await running.site.erasure.erase({ kind: 'email', value: 'Kaia.Kask@example.ee' }, 'priya');
    expect(erased.conversations).toBe(1);
    const bytes = dataBytes(data.dir);
    for (const gone of ['Päikesekivi-5520', 'Lõunatuule-3381', 'kaia.kask@example.ee']) expect(bytes.includes(gone), gone).toBe(false);
  });
});
