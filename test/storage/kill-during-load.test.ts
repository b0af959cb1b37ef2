import { describe, expect, it } from 'vitest';
import { startBotProcess } from '../support/bot-process.js';
import { generateToken } from '../support/directline-client.js';
import { tempDataDir } from '../support/web-server.js';

const CONVERSATIONS = 40;
// Long enough for several hundred acknowledged turns on a slow shared machine, short enough for the suite.
const LOAD_MS = 3000;

// 40 chats from one address posting as fast as they can: a load test, not what the limits are for.
const UNLIMITED = { RATE_LIMIT_TOKENS_PER_MINUTE: '0', RATE_LIMIT_TURNS_PER_MINUTE: '0', RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: '0' };

type Acknowledged = { conversationId: string; token: string; sent: Map<string, string> };

describe('a 200 and an id mean the message is on disk', () => {
  it('after kill -9 under load from 40 web chats, every acknowledged message is there', { timeout: 90_000 }, async () => {
    const data = tempDataDir();
    try {
      const first = await startBotProcess({ DATA_DIR: data.dir, ...UNLIMITED });
      const chats: Acknowledged[] = [];
      for (let i = 0; i < CONVERSATIONS; i++) {
        const grant = await generateToken(first.url);
        chats.push({ conversationId: grant.conversationId, token: grant.token, sent: new Map() });
      }
      let loading = true;
      const post = async (chat: Acknowledged, n: number) => {
        const text = `tellimus ${n} vestluses ${chat.conversationId}`;
        const res = await fetch(`${first.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text, from: { id: 'x' } }),
        });
        if (res.status === 200) chat.sent.set(((await res.json()) as { id: string }).id, text);
      };
      const workers = chats.map(async (chat) => {
        for (let n = 0; loading; n++) await post(chat, n).catch(() => undefined);
      });
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      first.child.kill('SIGKILL');
      loading = false;
      await first.exited;
      await Promise.all(workers);

      const second = await startBotProcess({ DATA_DIR: data.dir, ...UNLIMITED });
      let acknowledged = 0;
      let lost = 0;
      for (const chat of chats) {
        const res = await fetch(`${second.url}/v3/directline/conversations/${chat.conversationId}/activities?watermark=0`, {
          headers: { authorization: `Bearer ${chat.token}` },
        });
        const stored = new Map(((await res.json()) as { activities: { id: string; text?: string }[] }).activities.map((a) => [a.id, a.text]));
        for (const [id, text] of chat.sent) {
          acknowledged += 1;
          if (stored.get(id) !== text) lost += 1;
        }
      }
      second.child.kill('SIGTERM');
      await second.exited;
      console.info(`kill -9 under load: ${acknowledged} acknowledged, ${lost} lost`);
      expect(acknowledged).toBeGreaterThanOrEqual(CONVERSATIONS);
      expect(lost).toBe(0);
    } finally {
      data.remove();
    }
  });
});
