import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchChromium, SCREENSHOTS } from '../support/browser.js';
import { type RunningSite, startSite, TEST_PASSWORD } from '../support/staff-site.js';
import { widgetPage } from '../support/widget-page.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('a merchant and an agent in two browsers', { timeout: 90_000 }, () => {
  let running: RunningSite;
  let browser: Browser;
  let agent: Page;
  let merchant: ReturnType<typeof widgetPage>;
  const dialogs: string[] = [];
  const title = (guideId: string, locale: string) => running.site.bot.knowledge.current.content.topics.get(guideId)?.get(locale)?.title as string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    running = await startSite();
    browser = await launchChromium();
    agent = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } })).newPage();
    const merchantPage = await (await browser.newContext({ locale: 'et-EE', viewport: { width: 1280, height: 800 } })).newPage();
    for (const page of [agent, merchantPage]) {
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
    }
    merchant = widgetPage(merchantPage);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const queueItem = () => agent.locator('#queue li[data-case-id]').first();
  const agentLine = (text: string) => agent.locator('#transcript li', { hasText: text }).last();

  it('signs the agent in through /login and shows an empty queue in English', async () => {
    await agent.goto(`${running.url}/agent`);
    expect(new URL(agent.url()).pathname).toBe('/login');
    await agent.getByLabel('User name').fill('kadri');
    await agent.getByLabel('Password').fill(TEST_PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.locator('#queue li.empty', { hasText: 'Nobody is waiting.' }).waitFor();
    expect(new URL(agent.url()).pathname).toBe('/agent');
  });

  it('puts the Estonian merchant who asks for a person into the queue with language "et" and the transcript', async () => {
    await merchant.page.goto(`${running.url}/?lang=et`);
    await merchant.page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).click();
    await merchant.ask('kuidas kaardimakseid aktiveerida');
    await merchant.message(title('card-payments', 'et')).waitFor();
    await merchant.ask('tahan inimesega rääkida');
    await merchant.message('Oled järjekorras 1').waitFor();

    await queueItem().waitFor();
    expect(await queueItem().locator('[data-field=locale]').textContent()).toBe('et');
    expect(await queueItem().locator('[data-field=question]').textContent()).toBe('kuidas kaardimakseid aktiveerida');
    expect(await queueItem().locator('[data-field=guess]').textContent()).toContain(title('card-payments', 'et'));
    await agent.screenshot({ path: `${SCREENSHOTS}/agent-queue.png` });
    await queueItem().click();
    await agentLine('kuidas kaardimakseid aktiveerida').waitFor();
    await agentLine('tahan inimesega rääkida').waitFor();
    expect(await agent.locator('#transcript li.bot').count()).toBeGreaterThan(0);
  });

  it('lets the agent take the chat and reply; the merchant sees both live and answers back', async () => {
    await agent.getByRole('button', { name: 'Take this chat' }).click();
    await merchant.message('Kadri meie klienditoest liitus vestlusega.').waitFor();
    await expect.poll(() => merchant.liveRegion.textContent()).toContain('Kadri meie klienditoest liitus vestlusega.');
    await agent.getByLabel('Message to the merchant').fill('Tere! Olen Kadri, vaatan su küsimuse kohe üle.');
    const sent = Date.now();
    await agent.getByLabel('Message to the merchant').press('Enter');
    await merchant.message('Olen Kadri, vaatan su küsimuse kohe üle.').waitFor();
    const liveMs = Date.now() - sent;
    console.log('agent → merchant, live', { ms: liveMs });
    expect(liveMs).toBeLessThan(3000);
    // The merchant sees, and a screen reader hears, that a person is writing, not the bot.
    const fromKadri = merchant.message('Olen Kadri, vaatan su küsimuse kohe üle.');
    expect(await fromKadri.getAttribute('class')).toContain('agent');
    expect(await fromKadri.locator('.who').textContent()).toContain('Kadri');
    expect(await fromKadri.locator('.sr').textContent()).toBe('Kadri (Montonio klienditugi) ütles:');
    await expect.poll(() => merchant.liveRegion.textContent()).toContain('Kadri (Montonio klienditugi) ütles: Tere! Olen Kadri');
    expect(await seriousViolations(merchant.page)).toEqual([]);
    await merchant.page.screenshot({ path: `${SCREENSHOTS}/agent-handoff-merchant.png` });

    await agent.getByLabel('Choose a guide…').selectOption({ label: title('api-keys', 'et') });
    await agent.getByRole('button', { name: 'Send guide' }).click();
    await merchant.message(title('api-keys', 'et')).waitFor();

    await merchant.ask('Aitäh! Mul on uus leping.');
    await agentLine('Aitäh! Mul on uus leping.').waitFor();
    await merchant.ask(XSS);
    await agentLine(XSS).waitFor();
    expect(await agent.locator('#transcript img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await agent.screenshot({ path: `${SCREENSHOTS}/agent-console.png`, fullPage: true });
  });

  it('closes the chat: the merchant is told, and the bot answers the next question again', async () => {
    await agent.getByRole('button', { name: 'Close, back to the bot' }).click();
    await merchant.message('Kadri lahkus vestlusest.').waitFor();
    await expect.poll(() => merchant.liveRegion.textContent()).toContain('Kadri lahkus vestlusest.');
    await merchant.ask('kuidas makselinki teha');
    await merchant.message(title('payment-links', 'et')).waitFor();
    await agent.locator('#queue li.empty', { hasText: 'Nobody is waiting.' }).waitFor();
  });
});
