import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, launchChromium, SCREENSHOTS } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';
import { startWebServer, tempDataDir, type WebServer } from '../support/web-server.js';
import { widgetPage } from '../support/widget-page.js';

const STORE = '5d0c2a4e-1f3b-4c6d-8e9f-a1b2c3d4e5f6';

describe('the chat widget with the keyboard alone, on a phone, and on another site', { timeout: 60_000 }, () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens, asks, answers 👍 and closes with Esc, the focus coming back to the launcher', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const w = widgetPage(page);
    await page.goto(`${server.url}/?lang=en`);
    for (let i = 0; i < 40 && !(await focused(page)).includes('launcher'); i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('Open chat with the Montonio assistant');
    const outline = await page
      .locator('#montonio-chat')
      .locator('.launcher')
      .evaluate((el) => getComputedStyle(el).outlineWidth);
    expect(Number.parseFloat(outline), 'visible focus').toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), { timeout: 20_000 }).toContain('send-input');
    await page.keyboard.type('how do I activate card payments');
    await page.keyboard.press('Enter');
    await w.message('Did this help?').waitFor();
    // Back from the message box: 👎 No, then 👍 Yes, each a button with its icon.
    for (let i = 0; i < 4 && !(await focused(page)).includes('Yes'); i++) await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatch(/^button\.action Yes/);
    await page.keyboard.press('Enter');
    await w.message(server.parts.translators.t('en')('feedback.thanks')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => w.panel.isVisible()).toBe(false);
    expect(await focused(page)).toContain('launcher');
  });

  it('fills the whole screen at phone width', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    const w = widgetPage(page);
    await page.goto(`${server.url}/?store=${STORE}`);
    await page.getByRole('button', { name: 'Ava vestlus Montonio abilisega' }).click();
    await w.message(server.parts.translators.t('et')('welcome.text')).waitFor();
    // The panel slides in: on a busy machine the animation may still be running when the welcome shows.
    await expect.poll(() => w.panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await w.ask('kuidas kaardimakseid aktiveerida');
    await w.message(server.parts.translators.t('et')('answer.feedbackQuestion')).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/widget-phone.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('runs on a merchant’s own site against whichever Direct Line its script tag names', async () => {
    const other = await startWebServer();
    let shop: Server | undefined;
    try {
      const html = `<!doctype html><html lang="en"><title>Shop</title><h1>A shop</h1><script src="${server.url}/widget.js" data-locale="en" data-domain="${other.url}/v3/directline"></script>`;
      // A real server of its own: a third origin (Chromium keeps made-up public sites away from 127.0.0.1).
      shop = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html)).listen(0, '127.0.0.1');
      await new Promise((resolve) => shop?.once('listening', resolve));
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      const w = widgetPage(page);
      await page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Open chat with the Montonio assistant' }).click();
      await w.message(server.parts.translators.t('en')('welcome.text')).waitFor();
      const conversationId = (await w.saved())?.conversationId as string;
      expect(await other.channel.conversations.get(conversationId)).toBeDefined();
      expect(await server.channel.conversations.get(conversationId)).toBeUndefined();
    } finally {
      shop?.close();
      await other.stop();
    }
  });

  it('carries on after the server restarts: the open panel reconnects and answers the next question', async () => {
    const data = tempDataDir();
    const before = await startWebServer({ dataDir: data.dir });
    let after: WebServer | undefined;
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      const w = widgetPage(page);
      const t = before.parts.translators.t('en');
      await page.goto(`${before.url}/?lang=en`);
      await page.getByRole('button', { name: 'Open chat with the Montonio assistant' }).click();
      await w.message(t('welcome.text')).waitFor();
      await before.stop();
      after = await startWebServer({ dataDir: data.dir, port: Number(new URL(before.url).port) });
      await w.ask('thanks');
      await w.message(t('smalltalk.thanks')).waitFor({ timeout: 20_000 });
    } finally {
      await after?.stop();
      data.remove();
    }
  });
});
