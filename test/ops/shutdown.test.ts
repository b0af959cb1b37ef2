import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBotProcess } from '../support/bot-process.js';
import { generateToken } from '../support/directline-client.js';
import { tempDataDir } from '../support/web-server.js';

type Activity = { id: string; type: string; text?: string; from: { role?: string }; replyToId?: string };

/** POST an activity whose body arrives in two parts: the request is running on the server until `finish()`. */
function slowPost(url: string, path: string, token: string, body: unknown) {
  const text = JSON.stringify(body);
  const req = request(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let data = '';
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
  });
  req.write(text.slice(0, 10));
  return { finish: () => req.end(text.slice(10)), response };
}

describe('graceful shutdown (SIGTERM) of the real process', () => {
  it('finishes the running turn (stored and answered), then closes the web chat stream with 1012 and exits 0', { timeout: 90_000 }, async () => {
    const data = tempDataDir();
    try {
      const bot = await startBotProcess({ DATA_DIR: data.dir, SHUTDOWN_TIMEOUT_SECONDS: '20' });
      const grant = await generateToken(bot.url);
      const auth = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
      const started = (await (await fetch(`${bot.url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{"locale":"en-US"}' })).json()) as {
        streamUrl: string;
      };
      const socket = new WebSocket(started.streamUrl);
      const streamed: Activity[] = [];
      let welcomed: () => void = () => {};
      const welcome = new Promise<void>((resolve) => (welcomed = resolve));
      socket.on('message', (raw) => {
        streamed.push(...((JSON.parse(String(raw)) as { activities: Activity[] }).activities ?? []));
        welcomed();
      });
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
      );
      await welcome;

      const path = `/v3/directline/conversations/${grant.conversationId}/activities`;
      const post = slowPost(bot.url, path, grant.token, { type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      bot.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Still waiting for the turn: the process is up and the stream open.
      expect(bot.child.exitCode).toBeNull();
      expect(socket.readyState).toBe(WebSocket.OPEN);
      post.finish();

      const answered = await post.response;
      expect(answered.status).toBe(200);
      const { id } = JSON.parse(answered.body) as { id: string };
      const { code, reason } = await closed;
      expect({ code, reason }).toEqual({ code: 1012, reason: 'service restart' });
      // The answer went down the stream before it closed.
      expect(streamed.some((a) => a.from.role === 'bot' && a.replyToId === id && a.type === 'message')).toBe(true);
      expect(await bot.exited).toBe(0);
      expect(bot.stderr()).toMatch(/"message":"shutting down","reason":"SIGTERM","inFlight":1/);

      // Stored: a new process on the same data finds the message and its answer.
      const again = await startBotProcess({ DATA_DIR: data.dir });
      try {
        const res = await fetch(`${again.url}${path}?watermark=0`, { headers: auth });
        const stored = ((await res.json()) as { activities: Activity[] }).activities;
        expect(stored.find((a) => a.id === id)?.text).toBe('How do I activate card payments?');
        expect(stored.some((a) => a.replyToId === id && a.type === 'message')).toBe(true);
      } finally {
        again.child.kill('SIGTERM');
        expect(await again.exited).toBe(0);
      }
    } finally {
      data.remove();
    }
  });
});
