import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../bot/storage/sqlite-transcript-store.js';
import { apiMerchant, type RunningSite, signIn, startSite, waitFor, webMerchant, openDesk } from '../support/staff-site.js';

const SECRET = 'sk_live_9fQ2x7LmP4vR8tZ1wY6nB3kD';

describe('the agent side without a staff session', () => {
  let running: RunningSite;
  beforeAll(async () => {
    running = await startSite();
  });
  afterAll(() => running.stop());

  it.each(['/agent', '/agent/console.js'])('sends a browser asking for %s to the sign-in page', async (path) => {
    const response = await fetch(`${running.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it.each([
    ['GET', '/agent/api/queue'],
    ['GET', '/agent/api/events'],
    ['GET', '/agent/api/cases/abc'],
    ['GET', '/agent/api/guides'],
    ['POST', '/agent/api/cases/abc/claim'],
    ['POST', '/agent/api/cases/abc/messages'],
    ['POST', '/agent/api/cases/abc/close'],
  ])('refuses %s %s with 401', async (method, path) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { origin: running.url, 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    expect(response.status).toBe(401);
  });

  it('opens nothing with a merchant’s Direct Line token, as a bearer token or as a cookie', async () => {
    const merchant = await webMerchant(running.url);
    const tries: Record<string, string>[] = [{ authorization: `Bearer ${merchant.token}` }, { cookie: `staff_session=${merchant.token}` }];
    for (const headers of tries) {
      expect((await fetch(`${running.url}/agent/api/queue`, { headers })).status).toBe(401);
      expect((await fetch(`${running.url}/agent`, { headers: { ...headers, accept: 'text/html' }, redirect: 'manual' })).status).toBe(303);
    }
  });

  it('keeps an editor out of the agent console', async () => {
    const login = await fetch(`${running.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: running.url },
      body: new URLSearchParams({ name: 'eero', password: 'agent password for tests' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await fetch(`${running.url}/agent/api/queue`, { headers: { cookie } })).status).toBe(403);
    const page = await fetch(`${running.url}/agent`, { headers: { cookie, accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Sul pole sellele lehele ligipääsu');
  });

  it('serves the console with a strict content security policy and no framing', async () => {
    const session = await signIn(running.url, 'kadri');
    const page = await fetch(`${running.url}/agent`, { headers: { cookie: session.cookie, accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});

describe('a secret pasted by the merchant', () => {
  let running: RunningSite;
  const helpdesk: { body: string; signature?: string }[] = [];
  const hook = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      helpdesk.push({ body, signature: req.headers['x-signature-256'] as string });
      res.end('ok');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as AddressInfo).port;
    running = await startSite({ HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${port}/handoff`, HANDOFF_WEBHOOK_SECRET: 'a webhook secret of some length' });
  });
  afterAll(async () => {
    await running.stop();
    hook.close();
  });

  it('shows masked in the console, the stored transcript and the webhook body', async () => {
    const { agent, stream } = await openDesk(running.url);
    const merchant = apiMerchant(running.url);
    await merchant.say(`minu salajane võti on ${SECRET}, miks see ei tööta?`);
    await merchant.say('tahan inimesega rääkida');
    const caseId = ((await agent.queue()).body as { id: string }[]).at(-1)?.id as string;
    await agent.claim(caseId);
    await merchant.say(`password: ${SECRET}`);

    const detail = await agent.detail(caseId);
    expect(JSON.stringify(detail.body)).not.toContain(SECRET);
    expect(JSON.stringify(detail.body)).toContain('••••••');
    expect(JSON.stringify(stream.events)).not.toContain(SECRET);

    const transcript = await readTranscript(running.site.bot.transcripts, 'emulator', merchant.conversationId);
    expect(transcript.length).toBeGreaterThan(3);
    expect(JSON.stringify(transcript)).not.toContain(SECRET);
    const everything = running.site.bot.database!.prepare("SELECT group_concat(activity, ' ') AS all_text FROM transcript_activities").get() as {
      all_text: string;
    };
    expect(everything.all_text).not.toContain(SECRET);

    const delivered = await waitFor(() => helpdesk[0]);
    expect(delivered.body).not.toContain(SECRET);
    expect(delivered.body).toContain('••••••');
    expect(delivered.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    stream.close();
  });
});
