import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ActivitySet, StreamHub } from '../../bot/channel/stream-hub.js';

/** What one client of a stream received: the activities' texts in order, and every message as it came. */
export type StreamClient = { texts: string[]; sets: ActivitySet[]; closed: () => number | undefined; socket: WebSocket };

/**
 * Real WebSockets for hubs under test: each client connects to a small server that adds the server side of the socket
 * to the hub it names, as direct-line-socket.ts does after checking the token.
 */
export async function streamServer(hubs: Record<string, StreamHub>) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const hub = hubs[url.searchParams.get('hub') ?? ''] as StreamHub;
    hub.add(url.searchParams.get('conversation') ?? '', socket, Number(url.searchParams.get('watermark') ?? 0));
  });
  const clients: WebSocket[] = [];
  return {
    async open(hub: string, conversationId: string, watermark = 0): Promise<StreamClient> {
      const { port } = wss.address() as AddressInfo;
      const socket = new WebSocket(`ws://127.0.0.1:${port}/?hub=${hub}&conversation=${encodeURIComponent(conversationId)}&watermark=${watermark}`);
      clients.push(socket);
      const client: StreamClient = { texts: [], sets: [], closed: () => code, socket };
      let code: number | undefined;
      socket.on('message', (data) => {
        const set = JSON.parse(String(data)) as ActivitySet;
        client.sets.push(set);
        for (const activity of set.activities) client.texts.push(activity.type === 'typing' ? '(typing)' : (activity.text ?? ''));
      });
      socket.on('close', (closeCode) => {
        code = closeCode;
      });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      // The server side joins its hub right after the handshake.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return client;
    },
    async close() {
      for (const socket of clients) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

export const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `#${from + i}`);

export const messages = (texts: string[]): Partial<Activity>[] => texts.map((text) => ({ type: 'message', text }));

export const WAIT = { timeout: 10_000, interval: 5 };

export async function received(client: StreamClient, texts: string[]): Promise<void> {
  await vi.waitFor(() => {
    if (client.texts.length < texts.length) throw new Error(`${client.texts.length} of ${texts.length} so far`);
  }, WAIT);
}
