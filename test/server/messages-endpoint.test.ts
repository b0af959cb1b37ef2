import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Activity, MemoryStorage, type Storage } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMessagesRouter } from '../../bot/api-messages.js';
import { createHealthRouter, createServer } from '../../bot/server.js';
import type { BotOverrides } from '../../bot/bot.js';
import { testBot } from '../support/test-bot.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function startBot(env: Record<string, string> = {}, overrides: BotOverrides = {}) {
  const parts = testBot(env, overrides);
  return createHttpServer(
    createServer({
      config: parts.config,
      logger: parts.logger,
      routes: [
        ['/healthz', createHealthRouter()],
        ['/api/messages', createMessagesRouter(parts)],
      ],
    }),
  );
}

/** State that takes 400 ms to read: a turn slow enough for "typing" (it shows after 300 ms). */
function slowStorage(): Storage {
  const memory = new MemoryStorage();
  return {
    read: async (keys) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return memory.read(keys);
    },
    write: (changes) => memory.write(changes),
    delete: (keys) => memory.delete(keys),
  };
}

const message = (text: string, extra: Partial<Activity> = {}) => ({
  type: 'message',
  text,
  channelId: 'emulator',
  conversation: { id: `http-${Math.random()}` },
  from: { id: 'merchant' },
  recipient: { id: 'bot' },
  ...extra,
});

async function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json');
  return { status: response.status, body: json && text ? JSON.parse(text) : text };
}

describe('POST /api/messages without Bot Framework credentials', () => {
  const bot = startBot();
  let base = '';
  beforeAll(async () => {
    base = await listen(bot);
  });
  afterAll(() => void bot.close());

  it('answers in the HTTP response with deliveryMode expectReplies', async () => {
    const { status, body } = await post(base, message('where are my API keys?', { deliveryMode: 'expectReplies' }));
    expect(status).toBe(200);
    const answer = body.activities.find((a: Activity) => a.channelData?.answer)?.channelData.answer;
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'api-keys', locale: 'en' });
  });

  it('rejects malformed JSON with a 400 and a sentence', async () => {
    const { status, body } = await post(base, '{"type": "message", ');
    expect(status).toBe(400);
    expect(body.error).toMatch(/not valid JSON/);
  });

  it.each([
    ['an array', []],
    ['an activity without a type', { text: 'hi', conversation: { id: 'x' } }],
    ['an activity without a conversation', { type: 'message', text: 'hi' }],
  ])('rejects %s with a 400', async (_name, body) => {
    expect((await post(base, body)).status).toBe(400);
  });

  // Each of these used to reach the turn and fail there (or lose the message from the transcript).
  it.each([
    ['text', { text: 123 }],
    ['from', { from: 'merchant' }],
    ['timestamp', { timestamp: 'yesterday-ish' }],
    ['attachments', { attachments: 'picture.png' }],
    ['membersAdded', { type: 'conversationUpdate', membersAdded: [{ name: 'no id' }] }],
  ])('rejects a wrong "%s" with a 400 that names it, and keeps answering', async (field, extra) => {
    const { status, body } = await post(base, { ...message('tere'), ...extra });
    expect(status).toBe(400);
    expect(body.error).toContain(`"${field}`);
    expect((await post(base, message('tere'))).status).toBe(200);
  });

  it('takes the times channels send as text', async () => {
    const { status, body } = await post(
      base,
      message('where are my API keys?', { timestamp: '2026-11-26T10:00:00.123Z', localTimestamp: '2026-11-26T12:00:00.123+02:00' } as never),
    );
    expect(status).toBe(200);
    expect(body.activities[0].channelData.answer).toMatchObject({ kind: 'guide', guideId: 'api-keys' });
  });

  it.each([
    ['empty text', ''],
    ['only spaces', '   \n\t '],
    ['only emoji', '🙂🙂🎉'],
    ['only control characters', '\u0000\u0007\u0008\u001b'],
  ])('replies politely to %s', async (_name, text) => {
    const { status, body } = await post(base, message(text));
    expect(status).toBe(200);
    expect(body.activities[0].channelData.answer.kind).toBe('fallback');
    expect(body.activities[0].text).toMatch(/teksti|text/);
  });

  it('ignores control characters inside a real question', async () => {
    const { body } = await post(base, message('kaardi\u0000maksed\u0007 kuidas aktiveerida'.replace('\u0000', '')));
    expect(body.activities[0].channelData.answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });

  it('reads only the start of a 20,000-character message and says so', async () => {
    const { status, body } = await post(base, message(`kuidas aktiveerida kaardimaksed ${'a'.repeat(20_000)}`));
    expect(status).toBe(200);
    expect(body.activities.map((a: Activity) => a.text).join(' ')).toMatch(/väga pikk/);
  });

  it('tells a merchant who sends only a picture that it reads text', async () => {
    const { body } = await post(base, message('', { attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png' }] }));
    expect(body.activities[0].text).toMatch(/ainult teksti/);
  });

  it('accepts unknown activity types without replying', async () => {
    const { status } = await post(base, { ...message(''), type: 'somethingNew' });
    expect(status).toBeLessThan(300);
    expect((await post(base, message('tere'))).status).toBe(200);
  });

  it('never reflects a pasted secret back', async () => {
    const { body } = await post(base, message('password: Hunter2Hunter2!'));
    expect(JSON.stringify(body)).not.toContain('Hunter2Hunter2');
  });

  it('answers health checks', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('where replies go without credentials', () => {
  // A stand-in for a channel's Bot Connector service: what the bot POSTed to it, in order.
  const received: { url: string; type: string }[] = [];
  const channel = createHttpServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', type: (JSON.parse(body) as Activity).type });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
    });
  });
  let channelUrl = '';
  beforeAll(async () => {
    channelUrl = await listen(channel);
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(() => void channel.close());

  async function turn(env: Record<string, string>, overrides: BotOverrides = {}) {
    const bot = startBot(env, overrides);
    const response = await post(await listen(bot), message('tere', { serviceUrl: channelUrl }));
    // Anything the bot would still send (a late "typing") has time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    bot.close();
    return response;
  }

  it('sends nothing to a caller-chosen serviceUrl and answers in the response instead', async () => {
    const { body } = await turn({});
    expect(received).toEqual([]);
    expect(body.activities[0].channelData.answer.kind).toBe('smalltalk');
  });

  it('posts replies to the Emulator host named in UNAUTHENTICATED_REPLY_HOSTS', async () => {
    const { status } = await turn({ UNAUTHENTICATED_REPLY_HOSTS: '127.0.0.1' });
    expect(status).toBe(200);
    expect(received.some((r) => r.url.startsWith('/v3/conversations/'))).toBe(true);
  });

  it('shows "typing" on a slow turn where replies go out one by one (the Emulator), before the answer', async () => {
    await turn({ UNAUTHENTICATED_REPLY_HOSTS: '127.0.0.1' }, { storage: slowStorage() });
    expect(received[0]?.type).toBe('typing');
    expect(received.map((r) => r.type)).toContain('message');
  });

  it('leaves "typing" out where all replies come back at once, so a slow turn sends nothing to a caller-chosen serviceUrl', async () => {
    const { body } = await turn({}, { storage: slowStorage() });
    expect(received).toEqual([]);
    expect((body.activities as Activity[]).map((a) => a.type)).toEqual(['message']);
  });
});

describe('with Bot Framework credentials', () => {
  const bot = startBot({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used' });
  let base = '';
  beforeAll(async () => {
    base = await listen(bot);
  });
  afterAll(() => void bot.close());

  it('refuses a request without a Bot Framework token', async () => {
    const { status, body } = await post(base, message('tere', { deliveryMode: 'expectReplies' }));
    expect(status).toBe(401);
    expect(body.error).toMatch(/Bot Framework token/);
  });

  it('refuses a forged token', async () => {
    const forged = `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"aud":"x"}').toString('base64url')}.`;
    expect((await post(base, message('tere'), { authorization: forged })).status).toBe(401);
  });
});
