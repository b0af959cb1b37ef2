import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, launchChromium, SCREENSHOTS } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';
import { contrastOf } from '../support/contrast.js';
import { startWebServer, type WebServer } from '../support/web-server.js';
import { stubMontonioSites, widgetPage, withoutEmoji } from '../support/widget-page.js';

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
  const langOf = (text: string) => w.message(text).getAttribute('lang');

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

  it('shows only the launcher until it is opened, and fetches the panel only then', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${server.url}/?store=${STORE}`);
    await page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/widget-closed.png` });
    expect(requests.filter((url) => url.includes('/widget/panel-'))).toEqual([]);
    expect(await page.locator('link[rel~=icon]').getAttribute('href')).toMatch(/\.svg$/);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens by the launcher’s accessible name into the welcome first, then the topics, whole, and no upload button', async () => {
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).click();
    const welcome = w.message(t('et', 'welcome.text'));
    await welcome.waitFor();
    await expect.poll(() => focused(page)).toContain('send-input');
    metrics.clickToPanelReadyMs = Date.now() - clicked;
    expect(await page.getByRole('dialog', { name: 'Montonio abiline' }).isVisible()).toBe(true);
    const topic = w.suggestions.getByRole('button', { name: title('card-payments', 'et') });
    expect(await topic.isVisible()).toBe(true);
    const [view, welcomeBox, firstTopic] = [
      await w.scroller.boundingBox(),
      await welcome.boundingBox(),
      await w.suggestions.locator('.action').first().boundingBox(),
    ];
    expect(welcomeBox?.y).toBeGreaterThanOrEqual(view?.y ?? 0);
    expect(welcomeBox?.y).toBeLessThan(firstTopic?.y ?? 0);
    const cut = await w.suggestions.locator('.action').evaluateAll((buttons) => buttons.filter((b) => b.scrollWidth > b.clientWidth).map((b) => b.textContent));
    expect(cut).toEqual([]);
    expect(await w.input.getAttribute('placeholder')).toBe('Kirjuta oma küsimus');
    expect(await page.locator('#montonio-chat input[type=file]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it(`answers "${QUESTION}" with numbered steps and a Partner System button that opens the right page`, async () => {
    const asked = Date.now();
    await w.ask(QUESTION);
    const answer = w.message(title('card-payments', 'et'));
    await answer.waitFor();
    metrics.replyLatencyMs = Date.now() - asked;
    expect(await answer.locator('ol > li').count()).toBeGreaterThanOrEqual(3);
    await w.message(t('et', 'answer.feedbackQuestion')).waitFor();
    // A long answer is shown from its first line, not scrolled to its end.
    const [view, box] = [await w.scroller.boundingBox(), await answer.boundingBox()];
    expect(box?.y).toBeGreaterThanOrEqual((view?.y ?? 0) - 1);
    expect(box?.y).toBeLessThan((view?.y ?? 0) + 40);
    await page.screenshot({ path: `${SCREENSHOTS}/widget-open-answer.png` });
    expect(await seriousViolations(page)).toEqual([]);
    const [tab] = await Promise.all([context.waitForEvent('page'), answer.getByRole('link', { name: /partnersüsteemis/ }).click()]);
    expect(tab.url()).toBe(portalLink('card-payments', 'et'));
    await tab.close();
  });

  it('puts the store id the page passes into Partner System links', async () => {
    await w.ask('kus on minu API võtmed');
    const answer = w.message(title('api-keys', 'et'));
    await answer.waitFor();
    const [tab] = await Promise.all([context.waitForEvent('page'), answer.getByRole('link', { name: /partnersüsteemis/ }).click()]);
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
    await page.getByRole('button', { name: 'ET: switch language to Estonian (eesti keel)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Close chat' }).isVisible()).toBe(true);
  });

  it('records the merchant’s 👍, drawn as an icon', async () => {
    const yes = w.suggestions.getByRole('button', { name: withoutEmoji(t('en', 'answer.feedbackYes')) });
    expect(await yes.locator('svg').count()).toBe(1);
    await yes.click();
    await w.message(t('en', 'feedback.thanks')).waitFor();
    expect(await server.parts.records.feedback()).toContainEqual(expect.objectContaining({ guideId: 'card-payments', helpful: true }));
  });

  it('switches language from the header: the last answer comes again in Estonian, in the same conversation', async () => {
    const before = await w.saved();
    const estonianAnswers = w.messages.filter({ hasText: title('card-payments', 'et') });
    const shown = await estonianAnswers.count();
    await page.getByRole('button', { name: 'ET: switch language to Estonian (eesti keel)' }).click();
    await expect.poll(() => estonianAnswers.count()).toBe(shown + 1);
    await page.getByRole('button', { name: 'Sulge vestlus' }).waitFor();
    expect(await w.input.getAttribute('placeholder')).toBe('Kirjuta oma küsimus');
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
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          const region = (record.target as Element).closest?.('.live-region');
          for (const node of Array.from(record.addedNodes))
            if (region) announced.push({ text: node.textContent ?? '', live: region.getAttribute('aria-live') });
        }
      });
      // The widget lives in a shadow root, which an observer of the document does not see into.
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        observer.observe(root, { childList: true, subtree: true });
        return root;
      };
    });
    await page.reload();
    await w.message(QUESTION).waitFor();
    expect((await w.saved())?.conversationId).toBe(before?.conversationId);
    await w.ask('aitäh');
    await w.message(t('et', 'smalltalk.thanks')).waitFor();
    const announced = await page.evaluate(() => (window as unknown as { announced: { text: string; live: string | null }[] }).announced);
    const spoken = announced
      .filter((a) => a.live === 'polite')
      .map((a) => a.text)
      .join(' ');
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
    const lastSent = async () => (await server.channel.conversations.since(conversationId, 0)).activities.filter((a) => a.from.role === 'user').at(-1);
    await expect.poll(async () => (await lastSent())?.value).toEqual({ action: 'handoff' });
  });

  it('draws its own controls and messages with AA contrast', async () => {
    const targets = {
      launcher: page.locator('#montonio-chat').locator('.launcher'),
      title: page.locator('#montonio-chat').locator('#title'),
      'header button': page.locator('#montonio-chat').locator('button.language'),
      'tool button': page.locator('#montonio-chat').locator('button.person'),
      'merchant bubble': page.locator('#montonio-chat .msg.user .bubble p').first(),
      'bot bubble': page.locator('#montonio-chat .msg.bot .bubble p').first(),
      'suggested action': page.locator('#montonio-chat .suggestions .action').first(),
      time: page.locator('#montonio-chat .msg time').first(),
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
