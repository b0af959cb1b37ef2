import { describe, expect, it } from 'vitest';
import { generateToken, seqOf } from '../support/directline-client.js';
import { startWebServer, tempDataDir } from '../support/web-server.js';

const CHATS = 40;
const TURNS_EACH = 10;

type Chat = { conversationId: string; token: string };

describe('a full disk', () => {
  it('answers 503 with Retry-After, keeps each turn whole or not at all, and never hands out an id or watermark twice', { timeout: 90_000 }, async () => {
    const data = tempDataDir();
    const server = await startWebServer({
      dataDir: data.dir,
      env: { RATE_LIMIT_TURNS_PER_MINUTE: '0', RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: '0', RATE_LIMIT_TOKENS_PER_MINUTE: '0' },
    });
    const db = server.parts.database!;
    try {
      const chats: Chat[] = [];
      for (let i = 0; i < CHATS; i++) chats.push(await generateToken(server.url));
      const headers = (chat: Chat) => ({ authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' });
      const acknowledged = new Map<string, string>();
      const highestSeen = new Map<string, number>();
      const refused: string[] = [];
      let retryAfter = true;
      const post = async (chat: Chat, text: string) => {
        const res = await fetch(`${server.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
          method: 'POST',
          headers: headers(chat),
          body: JSON.stringify({ type: 'message', text }),
        });
        if (res.status === 503) {
          retryAfter &&= res.headers.get('retry-after') === '5';
          refused.push(text);
          return;
        }
        expect(res.status).toBe(200);
        const { id } = (await res.json()) as { id: string };
        expect(acknowledged.has(id)).toBe(false);
        acknowledged.set(id, text);
        highestSeen.set(chat.conversationId, Math.max(highestSeen.get(chat.conversationId) ?? 0, seqOf({ id })));
      };
      const poll = async (chat: Chat) => {
        const res = await fetch(`${server.url}/v3/directline/conversations/${chat.conversationId}/activities?watermark=0`, { headers: headers(chat) });
        if (res.status !== 200) return;
        const { watermark } = (await res.json()) as { watermark: string };
        highestSeen.set(chat.conversationId, Math.max(highestSeen.get(chat.conversationId) ?? 0, Number(watermark)));
      };

      // The disk is full: the file may not grow by a single page.
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
      await Promise.all(
        chats.map(async (chat, c) => {
          for (let n = 0; n < TURNS_EACH; n++) await Promise.all([post(chat, `tellimus ${c}-${n} ootab`), poll(chat)]);
        }),
      );
      console.info(`full disk: ${CHATS * TURNS_EACH} turns, ${acknowledged.size} acknowledged, ${refused.length} refused with 503`);
      expect(refused.length).toBeGreaterThan(0);
      expect(retryAfter).toBe(true);

      // Space again: new activities get ids above anything a client was ever shown.
      db.pragma('max_page_count = 1073741823');
      const shownBefore = new Map(highestSeen);
      for (const chat of chats) {
        await post(chat, 'kas nüüd töötab');
        const res = await fetch(`${server.url}/v3/directline/conversations/${chat.conversationId}/activities?watermark=0`, { headers: headers(chat) });
        const page = (await res.json()) as { activities: { id: string; text?: string; from: { role?: string } }[] };
        const last = page.activities.filter((a) => a.from.role === 'user').at(-1);
        expect(last?.text).toBe('kas nüüd töötab');
        expect(seqOf(last as { id: string })).toBeGreaterThan(shownBefore.get(chat.conversationId) ?? 0);
      }
      await server.stop();

      // On disk, after a restart: every acknowledged message; each turn in the chat log and the turn records, or in neither.
      const again = await startWebServer({ dataDir: data.dir });
      const rows = again.parts.database!.prepare('SELECT activity FROM activities').all() as { activity: string }[];
      const logged = new Map(rows.map((r) => JSON.parse(r.activity) as { id: string; text?: string }).map((a) => [a.id, a.text]));
      for (const [id, text] of acknowledged) expect(logged.get(id)).toBe(text);
      const recorded = new Set((await again.parts.records.turns()).map((r) => r.question));
      const inLog = new Set(logged.values());
      for (const text of [...acknowledged.values(), ...refused]) expect(recorded.has(text)).toBe(inLog.has(text));
      await again.stop();
    } finally {
      data.remove();
    }
  });
});
