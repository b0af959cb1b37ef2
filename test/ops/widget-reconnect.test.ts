import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectDirectLine } from '../../browser/widget/panel/direct-line.js';
import type { ChatActivity } from '../../browser/widget/panel-api.js';
import { generateToken } from '../support/directline-client.js';
import { startWebServer, tempDataDir, type WebServer } from '../support/web-server.js';

// The panel's own Direct Line client, in Node: ws stands in for the browser's WebSocket (Node 20 has none), noting
// the code each stream closed with.
const closeCodes: number[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.addEventListener('close', (event) => closeCodes.push(event.code));
  }
}
const globals = globalThis as { WebSocket?: unknown };
const before = globals.WebSocket;
beforeAll(() => {
  globals.WebSocket = RecordingWebSocket;
});
afterAll(() => {
  globals.WebSocket = before;
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const stop = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > stop) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the widget's Direct Line client when the server shuts down (1012 Service Restart)", () => {
  it('reconnects to the server now listening there and resumes from its watermark: nothing missed, nothing twice', { timeout: 30_000 }, async () => {
    const data = tempDataDir();
    const first = await startWebServer({ dataDir: data.dir });
    let second: WebServer | undefined;
    try {
      const grant = await generateToken(first.url);
      const seen: ChatActivity[] = [];
      const client = connectDirectLine({
        domain: `${first.url}/v3/directline`,
        token: grant.token,
        locale: 'en-US',
        onActivities: (activities) => seen.push(...activities),
        onConnected: () => {},
        onFailed: () => {},
        onToken: () => {},
      });
      await until(() => seen.some((a) => a.from?.role === 'bot'));

      expect(Number(client.watermark)).toBeGreaterThan(0);

      // The first instance goes (its streams get 1012); another takes its place at the same address, as behind a proxy.
      await first.stop();
      await until(() => closeCodes.length > 0);
      expect(closeCodes).toEqual([1012]);
      second = await startWebServer({ dataDir: data.dir, port: Number(new URL(first.url).port) });
      // Sent while the widget was away (an agent's message): it must come with the resumed stream.
      second.parts.chats.deliver(grant.conversationId, [{ type: 'message', text: 'Kadri: still there?', from: { id: 'agent', name: 'Kadri', role: 'bot' } }]);
      await until(() => seen.some((a) => a.text === 'Kadri: still there?'));
      // Nothing from before the watermark came again.
      expect(seen.filter((a) => a.text === 'Kadri: still there?')).toHaveLength(1);
      expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);

      const id = await client.post({ type: 'message', text: 'How do I activate card payments?' });
      await until(() => seen.some((a) => (a as { replyToId?: string }).replyToId === id));
      client.end();
    } finally {
      await second?.stop();
      data.remove();
    }
  });
});
