import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, launchChromium, SCREENSHOTS } from '../support/browser.js';
import { contrastOf } from '../support/contrast.js';
import { startWebServer, type WebServer } from '../support/web-server.js';
import { stubMontonioSites, widgetPage } from '../support/widget-page.js';

const STORE = '5d0c2a4e-1f3b-4c6d-8e9f-a1b2c3d4e5f6';
const QUESTION = 'kuidas kaardimakseid aktiveerida';
const XSS = '<img src=x onerror=alert(1)>';
// WCAG 2.1 AA for normal-size text.
const AA = 4.5;

describe('the chat widget on the demo page, in Chromium', { timeout: 60_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let w: ReturnType<typeof widgetPage>;
  const dialogs: string[] = [];
  const metrics: Record<string, number> = {};

  const title = (guideId: string, locale: string) => server.parts.knowledge.current.content.topics.get(guideId)?.get(locale)?.title as string;
  const t = (locale: string, key: string) => server.parts.translators.t(locale)(key);
  /** the Partner System link the guide should carry, as the bot composes it for this store */
  const portalLink = (guideId: string, locale: string) => {
    const reply = server.parts.knowledge.current.compose.guideReply(guideId, locale, server.parts.translators.t(locale), STORE);
    const card = reply.attachments?.[0]?.content as { buttons: { value: string }[] } | undefined;
    return card?.buttons[0]?.value;
  };
  const langOf = (text: string) => w.message(text).evaluate((el) => el.closest('.webchat__basic-transcript__activity')?.querySelector('[lang]')?.getAttribute('lang'));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startWebServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await stubMontonioSites(context);
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    w = widgetPage(page);
  }, 60_000);

  afterAll(async () => {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/widget-metrics.json', `${JSON.stringify(metrics, null, 2)}\n`);
    console.log('widget metrics', metrics);
    await browser?.close();
    await server?.stop();
  });

  it('shows only the launcher until it is opened, and fetches Web Chat only then', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${server.url}/?store=${STORE}`);
    await page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/widget-closed.png` });
    expect(requests.filter((url) => url.includes('webchat'))).toEqual([]);
  });

  it('opens by the launcher’s accessible name into a panel with the welcome, topic buttons and no upload button', async () => {
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).click();
    await w.message(t('et', 'welcome.text')).waitFor();
    await expect.poll(() => focused(page)).toContain('webchat__send-box-text-box__input');
    metrics.clickToPanelReadyMs = Date.now() - clicked;
    expect(await page.getByRole('dialog', { name: 'Montonio abiline' }).isVisible()).toBe(true);
    expect(await w.suggestions.getByRole('button', { name: title('card-payments', 'et') }).isVisible()).toBe(true);
    expect(await page.locator('.webchat__upload-button').count()).toBe(0);
  });

  it(`answers "${QUESTION}" with numbered steps and a Partner System button that opens the right page`, async () => {
    const asked = Date.now();
    await w.ask(QUESTION);
    const answer = w.message(title('card-payments', 'et'));
    await answer.waitFor();
    metrics.replyLatencyMs = Date.now() - asked;
    expect(await answer.locator('ol > li').count()).toBeGreaterThanOrEqual(3);
    await w.message(t('et', 'answer.feedbackQuestion')).waitFor();
    // Web Chat keeps the newest message in view; scrolling up (as a reader would) shows the answer from its title.
    const view = await w.transcript.boundingBox();
    if (view) await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    for (let i = 0; i < 10 && view && ((await answer.boundingBox())?.y ?? 0) < view.y; i++) {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(100);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/widget-open-answer.png` });
    const [tab] = await Promise.all([context.waitForEvent('page'), answer.getByRole('button', { name: /partnersüsteemis/ }).click()]);
    expect(tab.url()).toBe(portalLink('card-payments', 'et'));
    await tab.close();
  });

  it('puts the store id the page passes into Partner System links', async () => {
    await w.ask('kus on minu API võtmed');
    const answer = w.message(title('api-keys', 'et'));
    await answer.waitFor();
    const [tab] = await Promise.all([context.waitForEvent('page'), answer.getByRole('button', { name: /partnersüsteemis/ }).click()]);
    expect(tab.url()).toBe(portalLink('api-keys', 'et'));
    expect(tab.url()).toContain(STORE);
    await tab.close();
  });

  it('answers in English when asked in English, marks every message with its language and relabels the controls', async () => {
    await w.ask('how do I activate card payments');
    await w.message(title('card-payments', 'en')).waitFor();
    expect(await langOf(title('card-payments', 'en'))).toBe('en');
    expect(await langOf(QUESTION)).toBe('et');
    expect(await langOf('how do I activate card payments')).toBe('en');
    await page.getByRole('button', { name: 'Switch language: Estonian (eesti keel)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Close chat' }).isVisible()).toBe(true);
  });

  it('records the merchant’s 👍', async () => {
    await w.suggestions.getByRole('button', { name: t('en', 'answer.feedbackYes') }).click();
    await w.message(t('en', 'feedback.thanks')).waitFor();
    expect(server.parts.records.feedback()).toContainEqual(expect.objectContaining({ guideId: 'card-payments', helpful: true }));
  });

  it('switches language from the header: the last answer comes again in Estonian, in the same conversation', async () => {
    const before = await w.saved();
    const estonianAnswers = w.messages.filter({ hasText: title('card-payments', 'et') });
    const shown = await estonianAnswers.count();
    await page.getByRole('button', { name: 'Switch language: Estonian (eesti keel)' }).click();
    await expect.poll(() => estonianAnswers.count()).toBe(shown + 1);
    await page.getByRole('button', { name: 'Sulge vestlus' }).waitFor();
    expect(await w.input.getAttribute('placeholder')).toBe('Tippige oma sõnum');
    expect((await w.saved())?.conversationId).toBe(before?.conversationId);
  });

  it('shows a merchant’s HTML as text and runs none of it', async () => {
    const count = await w.messages.count();
    await w.ask(XSS);
    await w.message(XSS).waitFor();
    await expect.poll(() => w.messages.count()).toBeGreaterThan(count + 1);
    expect(await w.message(XSS).locator('img').count()).toBe(0);
    expect(await w.message(XSS).textContent()).toContain(XSS);
    expect(dialogs).toEqual([]);
  });

  it('keeps the conversation and its history on reload, and reads out only what is new', async () => {
    const before = await w.saved();
    await page.addInitScript(() => {
      const announced: { text: string; live: string | null }[] = [];
      (window as unknown as { announced: typeof announced }).announced = announced;
      new MutationObserver((records) => {
        for (const record of records) {
          const region = (record.target as Element).closest?.('.webchat__live-region-transcript');
          for (const node of Array.from(record.addedNodes)) if (region) announced.push({ text: node.textContent ?? '', live: region.getAttribute('aria-live') });
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await w.message(QUESTION).waitFor();
    expect((await w.saved())?.conversationId).toBe(before?.conversationId);
    await w.ask('aitäh');
    await w.message(t('et', 'smalltalk.thanks')).waitFor();
    const announced = await page.evaluate(() => (window as unknown as { announced: { text: string; live: string | null }[] }).announced);
    const spoken = announced.filter((a) => a.live === 'polite').map((a) => a.text).join(' ');
    expect(spoken).toContain(t('et', 'smalltalk.thanks'));
    expect(spoken).not.toContain(QUESTION);
  });

  it('“Start over” begins a fresh conversation', async () => {
    const before = await w.saved();
    await page.getByRole('button', { name: 'Alusta uuesti' }).click();
    await expect.poll(() => w.message(QUESTION).count()).toBe(0);
    await w.message(t('et', 'welcome.text')).waitFor();
    await expect.poll(async () => (await w.saved())?.conversationId).not.toBe(before?.conversationId);
  });

  it('“Talk to a person” asks the bot for a person', async () => {
    await page.getByRole('button', { name: 'Räägi inimesega' }).click();
    await w.message('Räägi inimesega').waitFor();
    const conversationId = (await w.saved())?.conversationId as string;
    const lastSent = () => server.channel.conversations.since(conversationId, 0).activities.filter((a) => a.from.role === 'user').at(-1);
    await expect.poll(() => lastSent()?.value).toEqual({ action: 'handoff' });
  });

  it('draws its own controls and messages with AA contrast', async () => {
    const targets = {
      launcher: page.locator('#montonio-chat').locator('.launcher'),
      title: page.locator('#montonio-chat').locator('#title'),
      'header button': page.locator('#montonio-chat').locator('button.language'),
      'tool button': page.locator('#montonio-chat').locator('button.person'),
      'merchant bubble': page.locator('.webchat__bubble--from-user .webchat__text-content').first(),
      'bot bubble': page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__text-content').first(),
      'suggested action': page.locator('.webchat__suggested-action').first(),
    };
    await page.getByRole('button', { name: 'Sulge vestlus' }).click();
    const launcherContrast = await contrastOf(targets.launcher);
    await page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).click();
    await w.message(t('et', 'welcome.text')).waitFor();
    const ratios: Record<string, number> = { launcher: launcherContrast };
    for (const [name, locator] of Object.entries(targets).slice(1)) ratios[name] = await contrastOf(locator);
    for (const [name, ratio] of Object.entries(ratios)) expect(ratio, name).toBeGreaterThanOrEqual(AA);
  });
});
