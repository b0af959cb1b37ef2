import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../bot/staff/password-hash.js';
import { createStaffAuth } from '../../bot/auth/staff-auth.js';
import { readConfig } from '../../bot/config.js';
import { createTranslators } from '../../bot/language/i18n.js';
import { createLogger } from '../../bot/logger.js';
import { openDatabase } from '../../bot/storage/database.js';

const PASSWORD = 'correct horse battery';
const HASH = hashPassword(PASSWORD);

function start(env: Record<string, string>, clock = { now: Date.now() }) {
  const lines: string[] = [];
  const config = readConfig({ LOG_LEVEL: 'silent', ...env });
  const database = openDatabase(':memory:');
  const auth = createStaffAuth({
    config,
    database,
    translators: createTranslators('locales', 'et'),
    logger: createLogger('info', (l) => lines.push(l)),
    now: () => new Date(clock.now),
  });
  const app = express();
  app.use(auth.router);
  app.get('/agent', auth.requireStaff('agent'), (_req, res) => void res.type('html').send(`hello ${res.locals.staff?.displayName}`));
  app.post('/agent/api/thing', auth.requireStaff('agent'), (_req, res) => void res.json({ ok: true, by: res.locals.staff?.name }));
  app.get('/editor', auth.requireStaff('editor'), (_req, res) => void res.send('editor'));
  const server = app.listen(0, '127.0.0.1');
  const listening = new Promise<void>((resolve) => server.once('listening', resolve));
  beforeAll(() => listening);
  afterAll(() => void server.close());
  return { lines, clock, base: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function signIn(base: string, name: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...headers },
    body: new URLSearchParams({ name, password, next: '/agent' }),
  });
}

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;

describe('staff sign-in', () => {
  const site = start({ STAFF_USERS: `kadri:Kadri Tamm:agent:${HASH};eero:Eero:editor:${HASH}` });

  it('sends a browser without a session to the sign-in page, and an API call gets 401 JSON', async () => {
    const page = await fetch(`${site.base()}/agent`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fagent');
    const api = await fetch(`${site.base()}/agent/api/thing`, { method: 'POST', headers: { origin: site.base() } });
    expect(api.status).toBe(401);
    expect((await api.json()).error).toMatch(/Sign in at \/login/);
  });

  it('shows the sign-in form in Estonian by default and in English on request, escaping the next path', async () => {
    const et = await (await fetch(`${site.base()}/login?next=/agent%22%3E%3Cscript%3E`)).text();
    expect(et).toContain('Logi sisse');
    expect(et).not.toContain('"><script>');
    const en = await (await fetch(`${site.base()}/login?lang=en`)).text();
    expect(en).toContain('Sign in');
  });

  it('signs in with the right password into an httpOnly SameSite=Strict cookie and lets the agent in', async () => {
    const response = await signIn(site.base(), 'kadri', PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/agent');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const page = await fetch(`${site.base()}/agent`, { headers: { cookie: cookieOf(response) } });
    expect(await page.text()).toBe('hello Kadri Tamm');
  });

  it('refuses a state-changing call without the CSRF token or from another origin', async () => {
    const cookie = cookieOf(await signIn(site.base(), 'kadri', PASSWORD));
    const noToken = await fetch(`${site.base()}/agent/api/thing`, { method: 'POST', headers: { cookie, origin: site.base() } });
    expect(noToken.status).toBe(403);
    const foreign = await fetch(`${site.base()}/agent/api/thing`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(foreign.status).toBe(403);
  });

  it('keeps an editor out of the agent console', async () => {
    const cookie = cookieOf(await signIn(site.base(), 'eero', PASSWORD));
    expect((await fetch(`${site.base()}/agent`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${site.base()}/editor`, { headers: { cookie } })).status).toBe(200);
  });

  it('ignores a next address on another site', async () => {
    const response = await fetch(`${site.base()}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.base() },
      body: new URLSearchParams({ name: 'kadri', password: PASSWORD, next: '//evil.example/' }),
    });
    expect(response.headers.get('location')).toBe('/agent');
  });

  it('signs out: the old cookie opens nothing', async () => {
    const cookie = cookieOf(await signIn(site.base(), 'kadri', PASSWORD));
    const page = await (await fetch(`${site.base()}/agent`, { headers: { cookie, accept: 'text/html' } })).text();
    expect(page).toBe('hello Kadri Tamm');
    const form = await (await fetch(`${site.base()}/login?lang=en`, { headers: { cookie: `${cookie}`, accept: 'text/html' }, redirect: 'manual' })).status;
    expect(form).toBe(303);
  });
});

describe('repeated wrong passwords', () => {
  const site = start({ STAFF_USERS: `kadri:Kadri Tamm:agent:${HASH}` });

  it('are slowed down: after five, even the right password must wait, and works once the wait is over', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(site.base(), 'kadri', 'guess')).status).toBe(401);
    const locked = await signIn(site.base(), 'kadri', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Liiga palju valesid katseid');
    site.clock.now += 1_000;
    expect((await signIn(site.base(), 'kadri', PASSWORD)).status).toBe(303);
  });

  it('count per address too: many names tried from one address are slowed', async () => {
    for (let i = 0; i < 20; i++) await signIn(site.base(), `nobody${i}`, 'guess');
    expect((await signIn(site.base(), 'kadri', PASSWORD)).status).toBe(429);
  });
});

describe('the quick start with no STAFF_USERS', () => {
  const site = start({});

  it('prints a random admin password once, and it signs in', async () => {
    const line = site.lines.map((l) => JSON.parse(l)).find((l) => l.password);
    expect(line.name).toBe('admin');
    expect(line.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await signIn(site.base(), 'admin', line.password)).status).toBe(303);
    expect((await signIn(site.base(), 'admin', 'admin')).status).toBe(401);
  });
});
