import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokens } from '../../bot/channel/tokens.js';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('web chat tokens end', () => {
  let server: WebServer;
  let clock = Date.now();
  beforeAll(async () => {
    server = await startWebServer({
      env: { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_TOKEN_MINUTES: '30', DIRECT_LINE_SESSION_HOURS: '1' },
      now: () => new Date(clock),
    });
  });
  afterAll(() => server.stop());

  const refresh = (token: string) => fetch(`${server.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

  it('refreshing cannot carry a conversation past DIRECT_LINE_SESSION_HOURS', async () => {
    const grant = await rawDirectLine(server.url).open();
    let token = grant.token;
    for (let minutes = 20; minutes <= 60; minutes += 20) {
      clock += 20 * 60_000;
      const res = await refresh(token);
      if (minutes < 60) {
        expect(res.status).toBe(200);
        const body = (await res.json()) as { token: string; expires_in: number };
        expect(body.expires_in).toBeLessThanOrEqual(3600 - minutes * 60);
        token = body.token;
      } else expect(res.status).toBe(403);
    }
  });

  it('"Start over" (endOfConversation) revokes every token of the old conversation, and its stream', async () => {
    const dl = rawDirectLine(server.url);
    const grant = await dl.open();
    const refreshed = (await (await refresh(grant.token)).json()) as { token: string };
    const ended = await dl.post(grant, { type: 'endOfConversation' });
    expect(ended.status).toBe(200);
    for (const token of [grant.token, refreshed.token]) {
      expect((await dl.post({ ...grant, token }, { type: 'message', text: 'tere' })).status).toBe(403);
      expect((await refresh(token)).status).toBe(403);
    }
  });

  it('accepts only the canonical base64url spelling of a token', () => {
    const tokens = createTokens({ secret: SECRET, ttlSeconds: 1800, maxAgeSeconds: 3600 });
    const { token } = tokens.issue('conv-1', 'dl_user');
    expect(tokens.verify(token)).toBeDefined();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    for (const variant of [
      `${header}.${payload}.${signature}=`,
      `${header}.${payload}.${signature}.`,
      `${header}.${payload}!.${signature}`,
      `${header}.${payload}.+${signature.slice(1)}`,
    ]) {
      expect(tokens.verify(variant)).toBeUndefined();
    }
    // A last character with spare bits set decodes to the same bytes; it is still not the token.
    const last = signature.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[(alphabet.indexOf(last) & ~3) + ((alphabet.indexOf(last) + 1) & 3)] as string;
    expect(Buffer.from(`${signature.slice(0, -1)}${sibling}`, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expect(tokens.verify(`${header}.${payload}.${signature.slice(0, -1)}${sibling}`)).toBeUndefined();
    // A well-signed token without the session claims (an old format) opens nothing.
    const old = Buffer.from(JSON.stringify({ conv: 'conv-1', user: 'u', kind: 'conversation', iat: 0, exp: 9e9 })).toString('base64url');
    const sig = createHmac('sha256', SECRET).update(`${header}.${old}`).digest('base64url');
    expect(tokens.verify(`${header}.${old}.${sig}`)).toBeUndefined();
  });
});

describe('/api/messages with an app id', () => {
  it('answers a forged Bot Framework token with 401, also when the keys cannot be fetched (no network)', { timeout: 60_000 }, async () => {
    const server = await startWebServer({ env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' } });
    try {
      const forged = [
        'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCJ9',
        Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: '00000000-0000-0000-0000-000000000001', exp: 9e9 })).toString('base64url'),
        'c2lnbmF0dXJl',
      ].join('.');
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
        body: JSON.stringify({
          type: 'message',
          text: 'tere',
          channelId: 'emulator',
          serviceUrl: 'http://127.0.0.1:1',
          conversation: { id: 'c' },
          from: { id: 'm' },
        }),
      });
      expect(res.status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
