import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSite, startSite, TEST_PASSWORD } from '../support/staff-site.js';
import { tempDataDir } from '../support/web-server.js';

type Clock = { now: number };

async function tryPassword(site: RunningSite, name: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${site.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.url, ...headers },
    body: new URLSearchParams({ name, password }),
  });
}
const deviceCookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((c) => c.startsWith('staff_device='))
    ?.split(';')[0] ?? '';

describe('staff sign-in under guessing', () => {
  const running: RunningSite[] = [];
  const removals: (() => void)[] = [];
  const start = async (env: Record<string, string> = {}, clock: Clock = { now: Date.parse('2026-11-29T10:00:00Z') }) => {
    const site = await startSite(env, { now: () => new Date(clock.now) });
    running.push(site);
    return site;
  };
  afterEach(async () => {
    for (const site of running.splice(0)) await site.stop().catch(() => undefined);
    for (const remove of removals.splice(0)) remove();
  });

  it('counts each try before checking it: of 400 wrong passwords sent at once, at most five are checked', async () => {
    const site = await start();
    const answers = await Promise.all(Array.from({ length: 400 }, () => tryPassword(site, 'kadri', 'guess')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(395);
    expect(answers.find((a) => a.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('never locks the right password out: its usual browser gets in at once, a new one after at most a minute', async () => {
    const clock = { now: Date.parse('2026-11-29T10:00:00Z') };
    const site = await start({ TRUST_PROXY: 'loopback' }, clock);
    const device = deviceCookieOf(await tryPassword(site, 'kadri', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.7' }));
    expect(device).toMatch(/^staff_device=/);
    for (let i = 0; i < 60; i++) {
      await tryPassword(site, 'kadri', `guess ${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
      clock.now += 2_000;
    }
    expect((await tryPassword(site, 'kadri', TEST_PASSWORD, { cookie: device, 'x-forwarded-for': '198.51.100.7' })).status).toBe(303);
    const elsewhere = await tryPassword(site, 'kadri', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.8' });
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    clock.now += 60_000;
    expect((await tryPassword(site, 'kadri', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(303);
  });

  it('with TRUST_PROXY counts the client behind the proxy: one address spraying names does not slow another', async () => {
    const site = await start({ TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 21; i++) await tryPassword(site, `nobody${i}`, 'guess', { 'x-forwarded-for': '203.0.113.9' });
    expect((await tryPassword(site, 'mart', TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    expect((await tryPassword(site, 'kadri', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(303);
  });

  it('without TRUST_PROXY ignores X-Forwarded-For, so a client cannot pick a fresh address for each guess', async () => {
    const site = await start();
    for (let i = 0; i < 21; i++) await tryPassword(site, `nobody${i}`, 'guess', { 'x-forwarded-for': `203.0.113.${i}` });
    expect((await tryPassword(site, 'kadri', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);
  });

  it('remembers the count across a restart', async () => {
    const data = tempDataDir();
    removals.push(data.remove);
    const clock = { now: Date.parse('2026-11-29T10:00:00Z') };
    const first = await start({ DATA_DIR: data.dir }, clock);
    for (let i = 0; i < 5; i++) expect((await tryPassword(first, 'kadri', 'guess')).status).toBe(401);
    await first.stop();
    const second = await start({ DATA_DIR: data.dir }, clock);
    expect((await tryPassword(second, 'kadri', TEST_PASSWORD)).status).toBe(429);
  });

  it('refuses TRUST_PROXY=true with a sentence', async () => {
    await expect(start({ TRUST_PROXY: 'true' })).rejects.toThrow(/TRUST_PROXY: must name the proxy/);
  });
});
