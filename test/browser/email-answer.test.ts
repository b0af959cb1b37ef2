import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS } from '../support/browser.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { type RunningSite, startSite, TEST_PASSWORD, waitFor } from '../support/staff-site.js';
import { widgetUser } from '../support/widget-user.js';

// Saturday 14:00 in Tallinn: support (Mon–Fri 09:00–17:00) is closed. The clock runs on from there.
const SATURDAY = Date.parse('2026-11-28T12:00:00Z');
const started = Date.now();
const clock = () => new Date(SATURDAY + (Date.now() - started));
const QUESTION = 'Kas kaardimaksed töötavad ka Lätis?';
const ANSWER = 'Jah, kaardimaksed töötavad kõigis Balti riikides.';

describe('an out-of-hours request, from the widget to an e-mail and back into the chat', { timeout: 120_000 }, () => {
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let running: RunningSite;
  let browser: Browser;
  let agent: Page;
  let merchant: ReturnType<typeof widgetUser>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    inbox = await startSmtpInbox();
    running = await startSite({ SUPPORT_HOURS: 'Mon-Fri 09:00-17:00', SMTP_URL: inbox.url, MAIL_FROM: 'Montonio tugi <tugi@montonio.test>' }, { now: clock });
    browser = await launchChromium();
    agent = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    merchant = widgetUser(
      await (await browser.newContext({ locale: 'et-EE', viewport: { width: 1280, height: 800 } })).newPage(),
      'Ava vestlus Montonio abilisega',
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await inbox?.stop();
  });

  it('the merchant is told support is closed and leaves an address and a question', async () => {
    await merchant.page.goto(`${running.url}/?lang=et`);
    await merchant.open();
    await merchant.say('tahan inimesega rääkida');
    await merchant.sees('järgmine kord esmaspäev 09:00').waitFor();
    await merchant.say('mari.maasikas@firma.ee');
    await merchant.sees('Nüüd kirjuta oma küsimus').waitFor();
    await merchant.say(QUESTION);
    await merchant.sees('Vastame aadressile mari.maasikas@firma.ee').waitFor();
  });

  it('the agent answers it in the console; the e-mail arrives at the SMTP server in Estonian with the question quoted', async () => {
    await agent.goto(`${running.url}/agent`);
    await agent.getByLabel('User name').fill('kadri');
    await agent.getByLabel('Password').fill(TEST_PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.locator('#offline li', { hasText: QUESTION }).click();
    // Alt+T takes the open request, as the console's key hint says.
    await agent.getByRole('button', { name: 'Take this request' }).waitFor();
    await agent.keyboard.press('Alt+KeyT');
    const box = agent.getByLabel('E-mail reply to mari.maasikas@firma.ee');
    await box.fill(ANSWER);
    const sent = Date.now();
    await agent.getByRole('button', { name: 'Send e-mail answer' }).click();
    const mail = await waitFor(() => inbox.mails.find((m) => m.to === 'mari.maasikas@firma.ee'), 10_000);
    console.info(`console send → e-mail received: ${mail.receivedAt - sent} ms`);
    expect(mail.subject).toBe('Sinu küsimus Montonio klienditoele');
    expect(mail.text).toContain(ANSWER);
    expect(mail.text).toContain(`> ${QUESTION}`);
    await agent.locator('#mails [data-mail-status=sent]').waitFor();
    await agent.screenshot({ path: `${SCREENSHOTS}/agent-email-answer.png`, fullPage: true });
  });

  it('the answer is in the merchant’s chat, also after they come back', async () => {
    await merchant.sees(ANSWER).waitFor();
    await merchant.page.reload();
    if (await merchant.page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).isVisible()) await merchant.open();
    await merchant.sees(ANSWER).waitFor();
    await merchant.sees('Kadri meie klienditoest vastas sinu küsimusele').waitFor();
  });

  it('once marked as answered, the case is in the history, found by the e-mail address', async () => {
    await agent.getByRole('button', { name: 'Mark as answered' }).click();
    await agent.locator('#offline li.empty').waitFor();
    await agent.getByLabel('E-mail', { exact: true }).fill('Mari.Maasikas@firma.ee');
    await agent.getByRole('button', { name: 'Search' }).click();
    await agent.locator('#history li[data-outcome]', { hasText: QUESTION }).click();
    await agent.locator('#mails [data-mail-status=sent]').waitFor();
    expect(await agent.locator('#transcript li', { hasText: 'Vastame aadressile' }).count()).toBeGreaterThan(0);
  });
});
