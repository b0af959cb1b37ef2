import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { readConfig } from '../../bot/config.js';
import { createSite, type Site, type SiteOptions } from '../../bot/site.js';

export const TEST_PASSWORD = 'agent password for tests';
// scrypt hash of TEST_PASSWORD (npm run staff:hash), fixed so tests do not spend 0.4 s hashing at start.
const HASH = 'scrypt.32768.8.1.IN6af_3UXUkCZMQK_idINA.uwHICLk-gVHNEmYWyyACFUPAfToGv61YQO06LcaohQ4';
export const STAFF_USERS = [`kadri:Kadri:agent:${HASH}`, `mart:Mart Mets:agent:${HASH}`, `eero:Eero:editor:${HASH}`].join(';');

export type RunningSite = { url: string; site: Site; stop: () => Promise<void> };

/** The whole server as main.ts builds it (bot, web channel, sign-in, agent console) on a free port. */
export async function startSite(env: Record<string, string> = {}, options: SiteOptions = {}): Promise<RunningSite> {
  const config = readConfig({ LOG_LEVEL: 'silent', DATA_DIR: ':memory:', STAFF_USERS, SUPPORT_HOURS: '', ...env });
  const site = await createSite(config, options);
  const server = site.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  site.attach(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    site,
    async stop() {
      site.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await site.closeStorage();
    },
  };
}

export type AgentSession = { cookie: string; csrf: string };

export async function signIn(url: string, name: string, password = TEST_PASSWORD): Promise<AgentSession> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ name, password }),
  });
  if (response.status !== 303) throw new Error(`sign-in as ${name} answered ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, csrf: await csrfOf(url, cookie) };
}

export async function csrfOf(url: string, cookie: string): Promise<string> {
  const page = await (await fetch(`${url}/agent`, { headers: { cookie, accept: 'text/html' } })).text();
  const json = /<script type="application\/json" id="console-data">(.*?)<\/script>/s.exec(page)?.[1] ?? '{}';
  return (JSON.parse(json) as { csrfToken: string }).csrfToken;
}

/** The agent console's API, as the console's script calls it. */
export function agentApi(url: string, session: AgentSession) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/agent/api${path}`, {
      method,
      headers: { cookie: session.cookie, origin: url, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers
    return { status: response.status, body: (await response.json()) as any };
  };
  return {
    queue: () => call('GET', '/queue'),
    detail: (id: string) => call('GET', `/cases/${id}`),
    claim: (id: string) => call('POST', `/cases/${id}/claim`, {}),
    send: (id: string, text: string) => call('POST', `/cases/${id}/messages`, { text }),
    guide: (id: string, guideId: string) => call('POST', `/cases/${id}/guides`, { guideId }),
    note: (id: string, text: string) => call('POST', `/cases/${id}/notes`, { text }),
    close: (id: string) => call('POST', `/cases/${id}/close`, {}),
    history: (query: Record<string, string> = {}) => call('GET', `/history?${new URLSearchParams(query)}`),
    mailProblems: () => call('GET', '/mail-problems'),
  };
}

/** An open console's event stream: counts the agent as online and records what it hears. */
export async function openConsoleStream(url: string, session: AgentSession) {
  const abort = new AbortController();
  const response = await fetch(`${url}/agent/api/events`, { headers: { cookie: session.cookie, accept: 'text/event-stream' }, signal: abort.signal });
  const events: { event: string; data: unknown }[] = [];
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  await waitFor(() => events.some((e) => e.event === 'queue'));
  return { status: response.status, events, close: () => abort.abort() };
}

/** A merchant over /api/messages, replies in the HTTP response (no Bot Framework credentials). */
export function apiMerchant(url: string, conversationId = `api-${Math.random().toString(36).slice(2)}`) {
  return {
    conversationId,
    async say(text: string, extra: Partial<Activity> = {}): Promise<Activity[]> {
      const activity = {
        type: 'message',
        text,
        channelId: 'emulator',
        conversation: { id: conversationId },
        from: { id: `merchant-${conversationId}`, role: 'user' },
        recipient: { id: 'bot' },
        locale: 'et-EE',
        deliveryMode: 'expectReplies',
        ...extra,
      };
      const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      return ((await response.json()) as { activities: Activity[] }).activities;
    },
  };
}

/** A merchant in the web widget's channel, over Direct Line's REST calls. `moveTo` follows the server to a new port. */
export async function webMerchant(url: string, locale = 'et-EE') {
  let base = url;
  const grant = (await (await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const headers = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
  const conversation = () => `${base}/v3/directline/conversations/${grant.conversationId}`;
  await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers, body: JSON.stringify({ locale }) });
  let watermark = 0;
  const read = async (): Promise<Activity[]> => {
    const page = (await (await fetch(`${conversation()}/activities?watermark=${watermark}`, { headers })).json()) as {
      activities: Activity[];
      watermark: string;
    };
    watermark = Number(page.watermark);
    return page.activities.filter((a) => a.from?.role !== 'user');
  };
  await read();
  return {
    ...grant,
    async say(text: string, extra: Partial<Activity> = {}): Promise<Activity[]> {
      const posted = await fetch(`${conversation()}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', text, locale, ...extra }),
      });
      if (!posted.ok) throw new Error(`posting answered ${posted.status}`);
      return read();
    },
    read,
    moveTo(next: string) {
      base = next;
    },
  };
}

/** Polls `check` until it gives something truthy; `what` names it in the error after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, what = ''): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting${what ? ` for ${what}` : ''} (${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const texts = (activities: Partial<Activity>[]) => activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');

/** An agent at the console: signed in, with the console's API and its live stream open. */
export async function openDesk(url: string, name = 'kadri') {
  const session = await signIn(url, name);
  return { session, agent: agentApi(url, session), stream: await openConsoleStream(url, session) };
}
