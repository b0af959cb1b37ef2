import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DirectLine } from 'botframework-directlinejs';
import type { Observable } from 'rxjs/Observable.js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_FILE } from '../../bot/channel/token-secret.js';
import { connectDirectLine, generateToken, type Grant, listen } from '../support/directline-client.js';
import { startWebServer, tempDataDir, type WebServer } from '../support/web-server.js';

const MINUTE = 60_000;
const messages = (a: { type: string }) => a.type === 'message';

describe('who may read and write a conversation', () => {
  let server: WebServer;
  let clock = Date.now();
  let alice: Grant;
  let bob: Grant;
  const open: DirectLine[] = [];

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${server.url}/v3/directline${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const routes = (id: string) =>
    [
      ['GET', `/conversations/${id}`],
      ['GET', `/conversations/${id}/activities?watermark=0`],
      ['POST', `/conversations/${id}/activities`, { type: 'message', text: 'hi' }],
    ] as const;

  beforeAll(async () => {
    server = await startWebServer({ now: () => new Date(clock) });
    alice = await generateToken(server.url);
    bob = await generateToken(server.url);
    await call('POST', '/conversations', alice.token, { locale: 'et-EE' });
  });
  afterEach(() => {
    for (const directLine of open.splice(0)) directLine.end();
  });
  afterAll(() => server.stop());

  it('lets the owner of the token read and write', async () => {
    for (const [method, path, body] of routes(alice.conversationId))
      expect((await call(method, path, alice.token, body)).status, `${method} ${path}`).toBeLessThan(300);
  });

  it('refuses every read and write without a token, with a made-up one, or with another conversation’s', async () => {
    const [header, payload, signature] = alice.token.split('.');
    const forged = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...forged, conv: bob.conversationId })).toString('base64url')}.${signature}`;
    for (const token of [undefined, 'guess', bob.token, tampered]) {
      for (const [method, path, body] of routes(alice.conversationId)) {
        const res = await call(method, path, token, body);
        expect(res.status, `${method} ${path} with ${token?.slice(0, 12)}`).toBe(403);
        expect(JSON.stringify(await res.json())).not.toContain('Tere');
      }
    }
    expect((await call('POST', '/tokens/refresh', 'guess')).status).toBe(403);
    expect((await call('POST', '/conversations', 'guess')).status).toBe(403);
  });

  it('refuses an activity the bot cannot read with a 400 that names the field, and keeps the conversation going', async () => {
    const path = `/conversations/${alice.conversationId}/activities`;
    for (const [field, body] of [
      ['text', { type: 'message', text: 42 }],
      ['attachments', { type: 'message', text: 'hi', attachments: 'a.png' }],
    ] as const) {
      const res = await call('POST', path, alice.token, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(`"${field}`);
    }
    expect((await call('POST', path, alice.token, { type: 'message', text: 'tere' })).status).toBe(200);
  });

  it('refuses the WebSocket stream of one conversation to another conversation’s stream token', async () => {
    const res = await call('GET', `/conversations/${bob.conversationId}`, bob.token);
    const { streamUrl } = (await res.json()) as { streamUrl: string };
    const stolen = streamUrl.replace(encodeURIComponent(bob.conversationId), encodeURIComponent(alice.conversationId));
    const outcome = await new Promise<string>((resolve) => {
      const socket = new WebSocket(stolen);
      socket.on('open', () => resolve('open'));
      socket.on('error', (error) => resolve(error.message));
    });
    expect(outcome).toContain('403');
  });

  it('expires tokens; a refreshed token (from the directlinejs client) keeps the conversation going', async () => {
    const grant = await generateToken(server.url);
    const directLine = connectDirectLine(server.url, { token: grant.token, conversationStartProperties: { locale: 'en-US' } });
    open.push(directLine);
    const client = listen(directLine);
    await client.take(1, messages);

    clock += 20 * MINUTE;
    const refresh = (directLine as unknown as { refreshToken: () => Observable<string> }).refreshToken;
    const fresh = await refresh.call(directLine).toPromise();
    expect(fresh).not.toBe(grant.token);

    clock += 20 * MINUTE;
    const path = `/conversations/${grant.conversationId}/activities`;
    expect((await call('GET', path, grant.token)).status).toBe(403);
    const history = await call('GET', path, fresh);
    expect(history.status).toBe(200);
    expect(((await history.json()) as { activities: unknown[] }).activities).toHaveLength(1);
  });

  it('answers the browser’s CORS preflight, since the widget runs on other sites', async () => {
    const res = await fetch(`${server.url}/v3/directline/conversations/x/activities`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('a server restart', () => {
  it('loses nothing: the same token resumes the conversation with its history, and the bot remembers the last answer', async () => {
    const data = tempDataDir();
    try {
      const before = await startWebServer({ dataDir: data.dir });
      const grant = await generateToken(before.url);
      const first = connectDirectLine(before.url, { token: grant.token, conversationStartProperties: { locale: 'et-EE' } });
      const client = listen(first);
      await client.take(1, messages);
      await first.postActivity({ type: 'message', from: { id: 'x' }, text: 'kuidas kaardimakseid aktiveerida' }).toPromise();
      await client.take(3, messages);
      first.end();
      await before.stop();
      expect(existsSync(join(data.dir, SECRET_FILE))).toBe(true);

      const after = await startWebServer({ dataDir: data.dir });
      const resumed = connectDirectLine(after.url, { token: grant.token, conversationId: grant.conversationId });
      const again = listen(resumed);
      const history = await again.take(4, messages);
      expect(history.map((a) => a.from.role)).toEqual(['bot', 'user', 'bot', 'bot']);
      await resumed.postActivity({ type: 'message', from: { id: 'x' }, value: { action: 'language', locale: 'en' } } as never).toPromise();
      const [, answer] = await again.take(2, messages);
      expect(answer?.locale).toBe('en-US');
      expect(answer?.channelData).toMatchObject({ answer: { guideId: 'card-payments' } });
      resumed.end();
      await after.stop();
    } finally {
      data.remove();
    }
  });
});
