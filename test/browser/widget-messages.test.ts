import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startWebServer, type WebServer } from '../support/web-server.js';
import { widgetPage } from '../support/widget-page.js';

describe('what the panel makes of the messages it gets, in Chromium', { timeout: 60_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let w: ReturnType<typeof widgetPage>;
  const t = (locale: string, key: string) => server.parts.translators.t(locale)(key);

  beforeAll(async () => {
    // Always open, and nobody signed in to the console: a request for a person meets "nobody is available".
    server = await startWebServer({ env: { SUPPORT_HOURS: '' } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.clock.install();
    w = widgetPage(page);
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Open chat with the Montonio assistant' }).click();
    await w.message(t('en', 'welcome.text')).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const conversationId = async () => (await w.saved())?.conversationId as string;

  it('links only http(s) Markdown links, and leaves addresses in plain text alone', async () => {
    await server.parts.chats.deliver(await conversationId(), [
      {
        text: 'See [the guide](https://help.montonio.com/guide), [this](javascript:alert(1)) and pay.montonio.com/… or **bold** `code`.',
        textFormat: 'markdown',
        locale: 'en-US',
      },
    ]);
    const message = w.message('See the guide');
    await message.waitFor();
    expect(await message.locator('a').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      ['the guide', 'https://help.montonio.com/guide'],
    ]);
    expect(await message.textContent()).toContain('this and pay.montonio.com/… or bold code.');
    expect(await message.locator('strong').textContent()).toBe('bold');
    expect(await message.locator('code').textContent()).toBe('code');
  });

  it('says once that nobody can take the chat (no "passing you on" before it)', async () => {
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await w.message(t('en', 'handoff:offline.noAgent')).waitFor();
    expect(await w.message(t('en', 'handoff.started')).count()).toBe(0);
    expect(await w.liveRegion.textContent()).not.toContain(t('en', 'handoff.started'));
  });

  it('shows times of day on the 24-hour clock once a message is older than a minute', async () => {
    const welcome = w.message(t('en', 'welcome.text')).locator('time');
    expect(await welcome.textContent()).toBe('just now');
    await page.clock.fastForward('02:00');
    await expect.poll(() => welcome.textContent()).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
  });

  it('refreshes its token before it expires and keeps the new one for the next page', async () => {
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0] as string) as string).token as string);
    const refreshed = page.waitForRequest((request) => request.url().endsWith('/tokens/refresh'));
    await page.clock.fastForward('15:00');
    await refreshed;
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0] as string) as string).token)).not.toBe(before);
  });
});
