import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { siteEngines } from '../support/desk-engines.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { agentApi, type RunningSite, signIn, startSite, texts, waitFor, webMerchant } from '../support/staff-site.js';

// Saturday 28 November 2026, 14:00 in Tallinn: support is closed, requests are left for an e-mail answer. The clock
// runs on from there, so retries fall due.
const SATURDAY = Date.parse('2026-11-28T12:00:00Z');
const started = Date.now();
const clock = () => new Date(SATURDAY + (Date.now() - started));
const HOURS = { SUPPORT_HOURS: 'Mon-Fri 09:00-17:00', MAIL_FROM: 'Montonio tugi <tugi@montonio.test>' };

async function leaveRequest(url: string, locale = 'et-EE', email = 'mari@firma.ee', question = 'Kas kaardimaksed töötavad ka Lätis?') {
  const merchant = await webMerchant(url, locale);
  await merchant.say('kuidas kaardimakseid aktiveerida');
  await merchant.say(locale.startsWith('et') ? 'tahan inimesega rääkida' : 'I want to talk to a human');
  await merchant.say(email);
  await merchant.say(question);
  const session = await signIn(url, 'kadri');
  const agent = agentApi(url, session);
  const filed = ((await agent.queue()).body as { id: string; email?: string }[]).find((c) => c.email === email) as { id: string };
  expect((await agent.claim(filed.id)).status).toBe(200);
  return { merchant, agent, caseId: filed.id };
}

for (const engine of siteEngines)
  engine.wrap(`e-mail answers over SMTP: ${engine.name}`, () => {
    let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
    let running: RunningSite;
    let stores: Awaited<ReturnType<typeof engine.start>>;
    beforeAll(async () => {
      inbox = await startSmtpInbox();
      stores = await engine.start();
      running = await startSite({ ...HOURS, SMTP_URL: inbox.url }, { now: clock, mail: { retryDelaysMs: [100] }, ...stores.options });
    });
    afterEach(() => inbox.refuse(false));
    afterAll(async () => {
      await running.stop();
      await inbox.stop();
      await stores.close();
    });

    it('sends the answer in the merchant’s language with the question quoted, records it and puts it into the chat', async () => {
      const { merchant, agent, caseId } = await leaveRequest(running.url);
      const sentAt = Date.now();
      expect((await agent.send(caseId, 'Jah, kõigis Balti riikides.')).status).toBe(200);
      const mail = await waitFor(() => inbox.mails.find((m) => m.to === 'mari@firma.ee'));
      console.info(`agent send → e-mail received: ${mail.receivedAt - sentAt} ms`);
      expect(mail.from).toBe('"Montonio tugi" <tugi@montonio.test>');
      expect(mail.subject).toBe('Sinu küsimus Montonio klienditoele');
      expect(mail.text).toContain('Kadri meie klienditoest vastas sinu küsimusele:\n\nJah, kõigis Balti riikides.');
      expect(mail.text).toContain('Sinu küsimus:\n> Kas kaardimaksed töötavad ka Lätis?');
      expect(texts(await merchant.read())).toEqual(['Kadri meie klienditoest vastas sinu küsimusele:\n\nJah, kõigis Balti riikides.']);
      const detail = await waitFor(async () => (await agent.detail(caseId)).body);
      await waitFor(async () => (await running.site.bot.handoff.outbox.forCase(caseId))[0]?.status === 'sent');
      const mails = (await agent.detail(caseId)).body.mails as { status: string; to: string; text: string }[];
      expect(mails).toMatchObject([{ status: 'sent', to: 'mari@firma.ee', text: mail.text.replace(/\r\n/g, '\n') }]);
      expect(detail.mailConfigured).toBe(true);
    });

    it('answers an English request in English', async () => {
      const { agent, caseId } = await leaveRequest(running.url, 'en-US', 'john@shop.lv', 'Do card payments work in Latvia?');
      await agent.send(caseId, 'Yes, in all three Baltic countries.');
      const mail = await waitFor(() => inbox.mails.find((m) => m.to === 'john@shop.lv'));
      expect(mail.subject).toBe('Your question to Montonio support');
      expect(mail.text).toContain('You asked:\n> Do card payments work in Latvia?');
    });

    it('retries from the database when the mail server refuses, and shows the failure to the agent meanwhile', async () => {
      inbox.refuse(true);
      const { agent, caseId } = await leaveRequest(running.url, 'et-EE', 'retry@firma.ee');
      await agent.send(caseId, 'Vastus.');
      const { outbox } = running.site.bot.handoff;
      const failed = await waitFor(async () => (await outbox.forCase(caseId)).find((m) => m.attempts === 1));
      expect(failed).toMatchObject({ status: 'pending' });
      expect(failed.lastError).toContain('451');
      expect((await agent.detail(caseId)).body.mails[0].lastError).toContain('mailbox busy');
      inbox.refuse(false);
      await waitFor(() => inbox.mails.find((m) => m.to === 'retry@firma.ee'), 3000);
      await waitFor(async () => (await outbox.forCase(caseId))[0]?.status === 'sent');
    });

    it('gives up after the last retry and says so in the case', async () => {
      inbox.refuse(true);
      const { agent, caseId } = await leaveRequest(running.url, 'et-EE', 'fail@firma.ee');
      await agent.send(caseId, 'Vastus.');
      await waitFor(async () => (await running.site.bot.handoff.outbox.forCase(caseId))[0]?.status === 'failed', 3000);
      expect((await agent.detail(caseId)).body.mails).toMatchObject([{ status: 'failed', attempts: 2 }]);
      // Marked as answered, the case leaves the lists; the failed mail stays in front of the agents.
      await agent.close(caseId);
      expect((await agent.mailProblems()).body).toContainEqual(expect.objectContaining({ caseId, to: 'fail@firma.ee', status: 'failed' }));
    });
  });

describe('e-mail answers and a restart', () => {
  it('sends after a restart what the mail server refused before it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mail-outbox-'));
    const inbox = await startSmtpInbox();
    try {
      inbox.refuse(true);
      const first = await startSite({ ...HOURS, SMTP_URL: inbox.url, DATA_DIR: dataDir }, { now: clock, mail: { retryDelaysMs: [300] } });
      const { agent, caseId } = await leaveRequest(first.url, 'et-EE', 'restart@firma.ee');
      await agent.send(caseId, 'Vastus pärast taaskäivitust.');
      await waitFor(async () => (await first.site.bot.handoff.outbox.forCase(caseId))[0]?.attempts === 1);
      await first.stop();
      inbox.refuse(false);
      const second = await startSite({ ...HOURS, SMTP_URL: inbox.url, DATA_DIR: dataDir }, { now: clock, mail: { retryDelaysMs: [300] } });
      try {
        const mail = await waitFor(() => inbox.mails.find((m) => m.to === 'restart@firma.ee'), 3000);
        expect(mail.text).toContain('Vastus pärast taaskäivitust.');
      } finally {
        await second.stop();
      }
    } finally {
      await inbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('e-mail answers without SMTP', () => {
  let running: RunningSite;
  beforeAll(async () => {
    running = await startSite(HOURS, { now: clock });
  });
  afterAll(() => running.stop());

  it('keeps the answer as a draft and tells the console e-mail is not set up', async () => {
    const { merchant, agent, caseId } = await leaveRequest(running.url);
    const detail = (await agent.send(caseId, 'Vastus.')).body;
    expect(detail.mailConfigured).toBe(false);
    expect(detail.mails).toMatchObject([{ status: 'draft', to: 'mari@firma.ee', attempts: 0 }]);
    expect(detail.lines.at(-1)).toMatchObject({ kind: 'status', text: 'emailDraft' });
    expect(texts(await merchant.read())).toHaveLength(1);
  });
});
