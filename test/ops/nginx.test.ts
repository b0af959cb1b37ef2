import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { findNginx, inCI, type Nginx, startNginx } from '../support/nginx.js';
import { tempDataDir } from '../support/web-server.js';

type Activity = { id: string; type: string; text?: string; from: { role?: string }; replyToId?: string };

// Outside CI a machine without nginx skips these (npm test installs it); in CI (CI=true) they always run, and an
// nginx that cannot start fails them.
const skip = !findNginx() && !inCI;
if (skip) console.warn('\n  nginx is not installed: the tests through nginx are SKIPPED (npm test installs it).\n');

describe.skipIf(skip)('two instances behind nginx (docs/deploy/nginx.conf)', () => {
  const data = [tempDataDir(), tempDataDir()];
  let bots: BotProcess[] = [];
  let nginx: Nginx;

  beforeAll(async () => {
    bots = await Promise.all(data.map((d) => startBotProcess({ DATA_DIR: d.dir, TRUST_PROXY: 'loopback' })));
    nginx = await startNginx(bots.map((b) => b.url));
  }, 90_000);

  afterAll(async () => {
    await nginx?.stop();
    for (const bot of bots) {
      if (bot.child.exitCode === null) bot.child.kill('SIGTERM');
      await bot.exited;
    }
    for (const d of data) d.remove();
  });

  it('passes /healthz and /readyz through to the instances', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${nginx.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${nginx.url}/readyz`)).json()).toEqual({ status: 'ready' });
    }
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);
  });

  it('proxies a Direct Line WebSocket stream: backlog, a live reply, and 1012 when its instance shuts down', { timeout: 60_000 }, async () => {
    // Two SQLite instances do not share conversations (the PostgreSQL test does): start on the first, and let nginx's
    // round robin find it for the stream (another instance refuses the stream token, which stays unused).
    const [first] = bots as [BotProcess];
    const grant = (await (await fetch(`${first.url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
    const started = (await (await fetch(`${first.url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{"locale":"en-US"}' })).json()) as {
      streamUrl: string;
    };
    const viaNginx = started.streamUrl.replace(new URL(first.url).host, `127.0.0.1:${nginx.port}`);
    expect(viaNginx).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${nginx.port}/v3/directline/conversations/[^/]+/stream\\?`));

    const streamed: Activity[] = [];
    let socket: WebSocket | undefined;
    for (let attempt = 0; attempt < 4 && !socket; attempt++) socket = await openSocket(viaNginx, streamed);
    if (!socket) throw new Error(`no instance behind nginx accepted the stream:\n${nginx.errors()}`);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await until(() => streamed.some((a) => a.from.role === 'bot'));

    const posted = await fetch(`${first.url}/v3/directline/conversations/${grant.conversationId}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } }),
    });
    const { id } = (await posted.json()) as { id: string };
    await until(() => streamed.some((a) => a.replyToId === id && a.type === 'message'));

    first.child.kill('SIGTERM');
    expect(await closed).toBe(1012);
    expect(await first.exited).toBe(0);
    // The other instance still answers through nginx.
    expect((await fetch(`${nginx.url}/healthz`)).status).toBe(200);
  });
});

/** Opens the stream and collects what it sends; undefined when the instance refused it (403: not its conversation). */
function openSocket(url: string, into: Activity[]): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('message', (raw) => into.push(...((JSON.parse(String(raw)) as { activities?: Activity[] }).activities ?? [])));
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (request) => {
      request.destroy();
      resolve(undefined);
    });
    socket.once('error', () => resolve(undefined));
  });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const stop = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > stop) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
