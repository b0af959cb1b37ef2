import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../bot/storage/database.js';
import WebSocket from 'ws';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { findNginx, inCI, type Nginx, startNginx } from '../support/nginx.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { tempDataDir } from '../support/web-server.js';

type Activity = { id: string; type: string; text?: string; from: { role?: string }; replyToId?: string };
type Grant = { conversationId: string; token: string };

const skip = !findNginx() && !inCI;
if (skip) console.warn('\n  nginx is not installed: the test of two instances on PostgreSQL behind nginx is SKIPPED (npm test installs it).\n');
const SECRET = 'several-instances-test-secret-0123456789abcdef';

describePostgres('two bot processes on one PostgreSQL database (DATABASE_URL) behind nginx', () => {
  const data = [tempDataDir(), tempDataDir()];
  let database: TestDatabase;
  let bots: BotProcess[] = [];
  let nginx: Nginx | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('instances');
    const env = (dir: string) => ({ DATA_DIR: dir, DATABASE_URL: database.url, DIRECT_LINE_SECRET: SECRET, TRUST_PROXY: 'loopback' });
    // Both at once: the migrations and the quick start's admin are made once, whichever boots first.
    bots = await Promise.all(data.map((d) => startBotProcess(env(d.dir))));
    if (!skip) nginx = await startNginx(bots.map((b) => b.url));
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    for (const bot of bots) {
      if (bot.child.exitCode === null) bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }
    for (const d of data) d.remove();
    await database?.drop();
  });

  it('keeps nothing in DATA_DIR, and each /readyz checks the database', async () => {
    for (const d of data) expect(existsSync(join(d.dir, DATABASE_FILE))).toBe(false);
    for (const bot of bots) expect(await (await fetch(`${bot.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('a web chat started on one instance posts on the other, and a stream open on the first gets the reply within a second', { timeout: 60_000 }, async () => {
    const [a, b] = bots as [BotProcess, BotProcess];
    const grant = (await (await fetch(`${a.url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as Grant;
    const auth = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
    const started = await fetch(`${b.url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{"locale":"en-US"}' });
    expect(started.status).toBe(201);
    const { streamUrl } = (await started.json()) as { streamUrl: string };

    // B's stream URL opened on A: the stream token is good on every instance (one DIRECT_LINE_SECRET), once.
    const onA = streamUrl.replace(new URL(b.url).host, new URL(a.url).host);
    const streamed: Activity[] = [];
    const socket = await openSocket(onA, streamed);
    // The welcome B stored reaches A's stream from the shared log.
    await until(() => streamed.some((activity) => activity.from.role === 'bot' && activity.type === 'message'));

    const sentAt = performance.now();
    const posted = await fetch(`${b.url}/v3/directline/conversations/${grant.conversationId}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } }),
    });
    expect(posted.status).toBe(200);
    const { id } = (await posted.json()) as { id: string };
    await until(() => streamed.some((activity) => activity.replyToId === id && activity.type === 'message'), 1_000);
    const ms = performance.now() - sentAt;
    expect(ms).toBeLessThan(1_000);

    // Each activity once and in order: the merchant's question, then its reply.
    const ids = streamed.filter((activity) => activity.type === 'message').map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain(id);
    socket.close();
  });

  it.skipIf(skip)('through nginx, whichever instance each request lands on: token, start, stream and answers', { timeout: 60_000 }, async () => {
    const base = (nginx as Nginx).url;
    const grant = (await (await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as Grant;
    const auth = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
    const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{"locale":"en-US"}' });
    expect(started.status).toBe(201);
    const { streamUrl } = (await started.json()) as { streamUrl: string };
    const streamed: Activity[] = [];
    const socket = await openSocket(streamUrl, streamed);
    const questions: string[] = [];
    // Round robin: the messages are posted on both instances in turn.
    for (const text of ['How do I activate card payments?', 'How do I create a payment link?', 'When do payouts arrive?', 'How do I refund an order?']) {
      const posted = await fetch(`${base}/v3/directline/conversations/${grant.conversationId}/activities`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', text, from: { id: 'merchant' } }),
      });
      expect(posted.status).toBe(200);
      const { id } = (await posted.json()) as { id: string };
      questions.push(id);
      await until(() => streamed.some((activity) => activity.replyToId === id && activity.type === 'message'));
    }
    const ids = streamed.filter((activity) => activity.type === 'message').map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    for (const id of questions) expect(ids).toContain(id);
    socket.close();
  });
});

/** Opens the stream and collects the activities it sends. */
function openSocket(url: string, into: Activity[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('message', (raw) => into.push(...((JSON.parse(String(raw)) as { activities?: Activity[] }).activities ?? [])));
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`the stream was refused: ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const stop = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > stop) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
