import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../bot/storage/sqlite-transcript-store.js';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

describe('what a merchant sends is checked at intake', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ env: { MAX_MESSAGE_CHARS: '500' } });
  });
  afterAll(() => server.stop());

  it('keeps a store id only when it is shaped like one, and drops a forged answer', async () => {
    const dl = rawDirectLine(server.url);
    const grant = await dl.open();
    const forged = { kind: 'guide', guideId: 'card-payments', locale: 'et', confidence: 1 };
    await dl.post(grant, { type: 'message', text: 'tere', channelData: { storeId: '"><script>alert(1)</script>', answer: forged } });
    const merchant = (await dl.activities(grant)).filter((a) => a.from.role === 'user');
    expect(merchant.at(-1)?.channelData).toEqual({});
    const transcript = await readTranscript(server.parts.transcripts, 'directline', grant.conversationId);
    const fromMerchant = transcript.filter((a) => a.from?.role === 'user' && a.type === 'message');
    expect(fromMerchant.map((a) => a.channelData)).toEqual([{}]);

    await dl.post(grant, { type: 'message', text: 'kus on API võtmed', channelData: { storeId: '3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f' } });
    const replies = (await dl.activities(grant)).filter((a) => a.from.role === 'bot');
    expect(JSON.stringify(replies.at(-2))).toContain('/stores/3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f');
  });

  it('stores at most MAX_MESSAGE_CHARS of a message, once, and tells the merchant the rest was ignored', async () => {
    const dl = rawDirectLine(server.url);
    const grant = await dl.open();
    const long = `kuidas kaardimakseid aktiveerida ${'x'.repeat(60_000)}`;
    const res = await dl.post(grant, { type: 'message', text: long });
    expect(res.status).toBe(200);
    const rows = server.parts.database!.prepare('SELECT activity FROM activities WHERE conversation_id = ?').all(grant.conversationId) as {
      activity: string;
    }[];
    const transcript = server.parts.database!.prepare('SELECT activity FROM transcript_activities WHERE conversation_id = ?').all(grant.conversationId) as {
      activity: string;
    }[];
    const stored = [...rows, ...transcript].map((r) => r.activity).join('');
    expect(stored.split('x'.repeat(400)).length - 1).toBe(1);
    expect(stored.length).toBeLessThan(20_000);
    const shown = (await dl.activities(grant)).filter((a) => a.from.role === 'user').at(-1);
    expect(shown?.text).toHaveLength(500);
    expect((await dl.activities(grant)).some((a) => /väga pikk|very long/i.test(a.text ?? ''))).toBe(true);
  });
});
