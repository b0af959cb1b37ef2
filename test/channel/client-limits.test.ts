import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

const BURST = 200;

describe('per-client limits', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ env: { RATE_LIMIT_TOKENS_PER_MINUTE: '30', RATE_LIMIT_STARTS_PER_MINUTE: '30', RATE_LIMIT_TURNS_PER_MINUTE: '20' } });
  });
  afterAll(() => server.stop());

  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('a burst of token requests from one address meets 429 with Retry-After past the limit, and stores nothing for those', async () => {
    const dl = rawDirectLine(server.url);
    const before = server.parts.database!.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number };
    const answers = await Promise.all(Array.from({ length: BURST }, () => dl.generate()));
    const statuses = answers.map((r) => r.status);
    const refused = answers.find((r) => r.status === 429);
    console.info(`burst: ${BURST} tokens/generate from one address, ${count(statuses, 429)} refused with 429`);
    expect(count(statuses, 200)).toBe(30);
    expect(count(statuses, 429)).toBe(BURST - 30);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toEqual({ error: { code: 'TooManyRequests', message: expect.stringMatching(/try again in \d+ s/) } });
    const after = server.parts.database!.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number };
    expect(after.n - before.n).toBe(30);
  });

  it('a script posting into one conversation meets 429 after RATE_LIMIT_TURNS_PER_MINUTE messages', async () => {
    const other = await startWebServer({ env: { RATE_LIMIT_TURNS_PER_MINUTE: '20' } });
    try {
      const dl = rawDirectLine(other.url);
      const grant = await dl.open();
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await dl.post(grant, { type: 'message', text: `tere ${i}` })).status);
      console.info(`burst: 40 messages into one web chat, ${count(statuses, 429)} refused with 429`);
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      expect(count(statuses, 429)).toBe(20);
      // Typing indicators are not turns and are never refused.
      expect((await dl.post(grant, { type: 'typing' })).status).toBe(200);
      const api = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`${other.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'message', text: `tere ${i}`, channelId: 'emulator', conversation: { id: 'one' }, from: { id: 'm' } }),
          }),
        ),
      );
      console.info(
        `burst: 30 messages on /api/messages, ${count(
          api.map((r) => r.status),
          429,
        )} refused with 429`,
      );
      expect(
        count(
          api.map((r) => r.status),
          429,
        ),
      ).toBe(10);
      expect(api.find((r) => r.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await other.stop();
    }
  });

  it('conversations whose token was taken but that were never started are deleted after UNSTARTED_CONVERSATION_MINUTES', async () => {
    const other = await startWebServer();
    try {
      const dl = rawDirectLine(other.url);
      const started = await dl.open();
      const unstarted = (await (await dl.generate()).json()) as { conversationId: string; token: string };
      const later = new Date(Date.now() + 61 * 60_000);
      expect(await other.channel.conversations.expireUnstarted(60, later)).toBe(1);
      expect(await other.channel.conversations.get(unstarted.conversationId)).toBeUndefined();
      expect(await other.channel.conversations.get(started.conversationId)).toBeDefined();
      expect((await dl.start(unstarted)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});
