import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

/** Opens a stream: 'open', or the HTTP status it was refused with. */
function openStream(streamUrl: string): Promise<{ outcome: string; socket: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(streamUrl);
    socket.once('open', () => resolve({ outcome: 'open', socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ outcome: String(res.statusCode), socket }));
    socket.once('error', () => resolve({ outcome: 'error', socket }));
  });
}

describe('WebSocket streams and connections are capped', () => {
  let server: WebServer;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    server = await startWebServer({ env: { STREAMS_PER_CONVERSATION: '2', STREAMS_PER_ADDRESS: '3', MAX_CONNECTIONS: '10' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await server.stop();
  });

  const streamUrl = async (grant: { conversationId: string; token: string }) => {
    const res = await fetch(`${server.url}/v3/directline/conversations/${grant.conversationId}`, { headers: { authorization: `Bearer ${grant.token}` } });
    return ((await res.json()) as { streamUrl: string }).streamUrl;
  };
  const open = async (url: string) => {
    const opened = await openStream(url);
    sockets.push(opened.socket);
    return opened.outcome;
  };

  it('a stream token opens one socket, once; a conversation and an address hold only so many', async () => {
    const dl = rawDirectLine(server.url);
    const first = await dl.open();
    const url = await streamUrl(first);
    const burst = await Promise.all(Array.from({ length: 50 }, () => open(url)));
    expect(burst.filter((o) => o === 'open')).toHaveLength(1);
    expect(burst.filter((o) => o === '403')).toHaveLength(49);
    expect(await open(await streamUrl(first))).toBe('open');
    expect(await open(await streamUrl(first))).toBe('429');
    const second = await dl.open();
    expect(await open(await streamUrl(second))).toBe('open');
    expect(await open(await streamUrl(second))).toBe('429');
    // A closed stream frees its place.
    for (const socket of sockets.splice(0)) socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await open(await streamUrl(second))).toBe('open');
  });

  it('refuses connections past MAX_CONNECTIONS and drops a client that never finishes its headers', { timeout: 30_000 }, async () => {
    const { port } = new URL(server.url);
    const raw: Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      const n = raw.push(socket) - 1;
      closed[n] = false;
      socket.on('close', () => (closed[n] = true)).on('error', () => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(20 - 10);
    for (const socket of raw) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const slow = connect(Number(port), '127.0.0.1');
    let answer = '';
    slow.on('data', (chunk) => (answer += chunk.toString()));
    slow.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    const started = Date.now();
    await new Promise((resolve) => slow.on('close', resolve));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
