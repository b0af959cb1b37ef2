import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { EDITOR, type EditorSite, startEditorSite } from '../support/editor-site.js';

describe('the editor page in a browser', () => {
  let site: EditorSite;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    site = await startEditorSite();
    await site.ask('what is the weather in Tartu');
    await site.ask('kuidas kaardimakseid aktiveerida', 'unhappy');
    await site.ask('👎 Ei', 'unhappy', { value: { action: 'feedback', guideId: 'card-payments', helpful: false } });
    browser = await launchChromium();
    page = await (await browser.newContext({ acceptDownloads: true, locale: 'en-US' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('sends an editor who is not signed in to the sign-in page, and back to /editor after it', async () => {
    await page.goto(`${site.url}/editor?lang=en`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('User name').fill(EDITOR.name);
    await page.getByLabel('Password').fill(EDITOR.password);
    await Promise.all([page.waitForURL(/\/editor/), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Guides editor');
  });

  it('shows an English question answered as in the widget, with the candidates, their scores and matched words', async () => {
    await page.getByLabel('Question', { exact: true }).fill('how do I enable card payments');
    await page.getByLabel('English').check();
    await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Ask' }).click()]);
    const preview = page.locator('.chat-preview');
    await expect.poll(() => preview.locator('.from-user').textContent()).toBe('how do I enable card payments');
    expect(await preview.locator('.from-bot strong').first().textContent()).toBe('Activating card payments');
    expect(await preview.locator('.from-bot ol li').count()).toBeGreaterThan(2);
    expect(await preview.locator('.card-button').first().textContent()).toMatch(/^Open in Partner System/);
    expect(await page.locator('.decision').textContent()).toMatch(/answers with the guide card-payments/);
    const first = page.locator('table.candidates tbody tr').first();
    expect(await first.locator('td').nth(0).textContent()).toBe('card-payments');
    expect(Number(await first.locator('td').nth(1).textContent())).toBeGreaterThan(1);
    expect(await first.locator('.match').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^card\b/)]));
  });

  it('shows an Estonian question in Estonian, and escapes what was typed', async () => {
    await page.getByLabel('Question', { exact: true }).fill('<img src=x> kuidas makselinki luua');
    await page.getByLabel('Estonian').check();
    await Promise.all([page.waitForURL(/qlang=et/), page.getByRole('button', { name: 'Ask' }).click()]);
    expect(await page.locator('.chat-preview .from-user').textContent()).toBe('<img src=x> kuidas makselinki luua');
    expect(await page.locator('.chat-preview img').count()).toBe(0);
    expect(await page.locator('.chat-preview .from-bot strong').first().textContent()).toMatch(/^Makselinkide/);
    expect(await page.locator('.chat-preview .from-bot').first().getAttribute('lang')).toBe('et');
    expect(await page.locator('table.candidates tbody tr td').first().textContent()).toBe('payment-links');
  });

  it('lists what merchants missed and downloads it as CSV', async () => {
    const rows = page.locator('table.missed tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('kuidas kaardimakseid aktiveerida');
    expect(await rows.nth(1).textContent()).toContain('what is the weather in Tartu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^merchants-missed-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toContain('"last_seen","first_seen","language","count"');
    expect(csv).toContain('"what is the weather in Tartu"');
    expect(csv).toMatch(/"et","1","0","0","1","0","0","0","kuidas kaardimakseid aktiveerida"/);
  });
});
