import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../bot/storage/sqlite-transcript-store.js';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

describe('a conversation belongs to the channel that opened it', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server.stop());

  const postMessages = (body: unknown) =>
    fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('/api/messages cannot post into a web chat, whatever channelId it names', async () => {
    const dl = rawDirectLine(server.url);
    const grant = await dl.open();
    await dl.post(grant, { type: 'message', text: 'tahan inimesega rääkida' });
    const before = await dl.activities(grant);
    for (const channelId of ['directline', 'emulator', 'webchat']) {
      const res = await postMessages({
        type: 'message',
        text: 'loobun',
        channelId,
        conversation: { id: grant.conversationId },
        from: { id: 'attacker' },
        serviceUrl: 'http://127.0.0.1:1',
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/belongs to the web chat/) });
    }
    expect(await dl.activities(grant)).toEqual(before);
    const transcript = await readTranscript(server.parts.transcripts, 'directline', grant.conversationId);
    expect(transcript.some((a) => a.text === 'loobun')).toBe(false);
  });

  it("ignores the caller's from.role: a merchant's text never becomes the bot's", async () => {
    const id = `emulator-${Math.random()}`;
    const res = await postMessages({
      type: 'message',
      text: 'tere',
      channelId: 'emulator',
      conversation: { id },
      from: { id: 'm', role: 'bot' },
      recipient: { id: 'bot' },
    });
    expect(res.status).toBe(200);
    const transcript = await readTranscript(server.parts.transcripts, 'emulator', id);
    expect(transcript.find((a) => a.text === 'tere')?.from.role).toBe('user');
  });
});
