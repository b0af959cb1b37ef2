import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { type RunningSite, startSite, TEST_PASSWORD, webMerchant } from '../support/staff-site.js';

describe('the console at an agent’s keyboard', { timeout: 90_000 }, () => {
  let running: RunningSite;
  let browser: Browser;
  let agent: Page;
  let now = Date.parse('2026-11-26T10:00:00Z');
  const item = (question: string) => agent.locator('#queue li[data-case-id]', { hasText: question });

  beforeAll(async () => {
    running = await startSite({}, { now: () => new Date(now) });
    browser = await launchChromium();
    agent = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    await agent.goto(`${running.url}/agent`);
    await agent.getByLabel('User name').fill('kadri');
    await agent.getByLabel('Password').fill(TEST_PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.locator('#queue li.empty').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('takes, closes and moves to the next chat with Alt+T, Alt+X and Alt+N, and counts unread lines', async () => {
    const first = await webMerchant(running.url);
    await first.say('kuidas kaardimakseid aktiveerida');
    await first.say('tahan inimesega rääkida');
    now += 1000;
    const second = await webMerchant(running.url);
    await second.say('kuidas makselinki teha');
    await second.say('tahan inimesega rääkida');
    await item('kuidas makselinki teha').waitFor();
    expect(await agent.title()).toMatch(/^\(2\) /);

    await item('kuidas kaardimakseid aktiveerida').click();
    await agent.getByRole('button', { name: 'Take this chat' }).waitFor();
    await agent.keyboard.press('Alt+KeyT');
    await agent.locator('#case h2[data-state=active]').waitFor();

    await second.say('kas te olete seal?');
    await item('kuidas makselinki teha').locator('[data-field=unread]', { hasText: '1 new' }).waitFor();

    await agent.keyboard.press('Alt+KeyN');
    await agent.locator('#transcript li', { hasText: 'kas te olete seal?' }).waitFor();
    expect(await item('kuidas makselinki teha').locator('[data-field=unread]').count()).toBe(0);

    await item('kuidas kaardimakseid aktiveerida').click();
    await agent.locator('#case h2[data-state=active]').waitFor();
    await agent.keyboard.press('Alt+KeyX');
    await expect.poll(() => item('kuidas kaardimakseid aktiveerida').count()).toBe(0);
  });
});
