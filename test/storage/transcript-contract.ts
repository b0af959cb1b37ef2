import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscript } from '../../bot/storage/sqlite-transcript-store.js';
import { type ChatEngine, WEB_CHANNEL } from './chat-engines.js';

const line = (channelId: string, conversationId: string, text: string, timestamp: Date) =>
  ({
    type: 'message',
    id: randomBytes(4).toString('hex'),
    text,
    channelId,
    conversation: { id: conversationId },
    from: { id: 'u', role: 'user' },
    timestamp,
  }) as Activity;

/**
 * What the bot's TranscriptStore must do on each engine: botbuilder's rules (pages, dates, listing, deleting) for
 * every channel, the web chat's transcript read from its conversation log (kept once), and `durably` waiting for the
 * lines botbuilder's logger wrote without waiting. Called by test/storage/chat-stores-contract.test.ts once per engine.
 */
export function describeTranscriptContract(name: string, engine: () => Promise<ChatEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`TranscriptStore contract: ${name}`, () => {
    let current: ChatEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });
    const conversation = () => `tr-${randomBytes(6).toString('hex')}`;

    it('keeps another channel’s lines in order, with Date timestamps, and reads them from a date on', async () => {
      const { transcripts } = current.open();
      const id = conversation();
      const base = Date.parse('2026-03-01T09:00:00.000Z');
      for (let i = 0; i < 3; i++) await transcripts.logActivity(line('msteams', id, `rida ${i} "õ"`, new Date(base + i * 60_000)));
      const all = await readTranscript(transcripts, 'msteams', id);
      expect(all.map((a) => a.text)).toEqual(['rida 0 "õ"', 'rida 1 "õ"', 'rida 2 "õ"']);
      expect(all.every((a) => a.timestamp instanceof Date)).toBe(true);
      const later = await transcripts.getTranscriptActivities('msteams', id, undefined, new Date(base + 60_000));
      expect(later.items.map((a) => a.text)).toEqual(['rida 1 "õ"', 'rida 2 "õ"']);
      expect(await readTranscript(transcripts, 'slack', id)).toEqual([]);
    });

    it('pages a long transcript with continuation tokens, losing and repeating nothing', async () => {
      const { transcripts } = current.open();
      const id = conversation();
      const at = new Date('2026-03-01T09:00:00.000Z');
      await Promise.all(Array.from({ length: 205 }, (_, i) => transcripts.logActivity(line('msteams', id, String(i), at))));
      const first = await transcripts.getTranscriptActivities('msteams', id);
      expect(first.items).toHaveLength(200);
      expect(first.continuationToken).toBeDefined();
      const texts = (await readTranscript(transcripts, 'msteams', id)).map((a) => Number(a.text));
      expect(texts.sort((x, y) => x - y)).toEqual(Array.from({ length: 205 }, (_, i) => i));
    });

    it('lists a channel’s conversations with their first time, and deletes one without touching another', async () => {
      const { transcripts } = current.open();
      const [kept, gone] = [conversation(), conversation()];
      await transcripts.logActivity(line('emulator', kept, 'a', new Date('2026-03-01T09:00:00.000Z')));
      await transcripts.logActivity(line('emulator', kept, 'b', new Date('2026-03-01T09:05:00.000Z')));
      await transcripts.logActivity(line('emulator', gone, 'c', new Date('2026-03-01T09:00:00.000Z')));
      const listed = [];
      let token: string | undefined;
      do {
        const page = await transcripts.listTranscripts('emulator', token);
        listed.push(...page.items);
        token = page.continuationToken;
      } while (token);
      expect(listed.find((t) => t.id === kept)).toEqual({ channelId: 'emulator', id: kept, created: new Date('2026-03-01T09:00:00.000Z') });
      await transcripts.deleteTranscript('emulator', gone);
      expect(await readTranscript(transcripts, 'emulator', gone)).toEqual([]);
      expect(await readTranscript(transcripts, 'emulator', kept)).toHaveLength(2);
    });

    it('reads a web chat’s transcript from its log: the logger keeps nothing more, only started chats are listed, deleting empties the log', async () => {
      const { transcripts, log } = current.open();
      const id = conversation();
      await log.create({ id, userId: 'dl_u', createdAt: '2026-03-01T09:00:00.000Z' });
      await transcripts.logActivity(line(WEB_CHANNEL, id, 'not kept twice', new Date()));
      expect(await readTranscript(transcripts, WEB_CHANNEL, id)).toEqual([]);
      await log.markStarted(id, '2026-03-01T09:00:01.000Z');
      await log.append(
        id,
        [{ type: 'message', text: 'tere' }],
        (a, seq) => ({ ...a, id: `${id}|${seq}`, timestamp: '2026-03-01T09:00:02.000Z' }) as unknown as Activity,
      );
      const transcript = await readTranscript(transcripts, WEB_CHANNEL, id);
      expect(transcript.map((a) => a.text)).toEqual(['tere']);
      expect(transcript[0]?.timestamp).toEqual(new Date('2026-03-01T09:00:02.000Z'));
      const listed = await transcripts.listTranscripts(WEB_CHANNEL);
      expect(listed.items.map((t) => t.id)).toContain(id);
      await transcripts.deleteTranscript(WEB_CHANNEL, id);
      expect(await readTranscript(transcripts, WEB_CHANNEL, id)).toEqual([]);
    });

    it('durably waits for lines the logger wrote without waiting for them', async () => {
      const stores = current.open();
      const id = conversation();
      await stores.durably(() => {
        // As botbuilder's TranscriptLoggerMiddleware does: it does not await logActivity.
        for (let i = 0; i < 5; i++) void stores.transcripts.logActivity(line('msteams', id, String(i), new Date('2026-03-01T09:00:00.000Z')));
      });
      expect(await readTranscript(current.open().transcripts, 'msteams', id)).toHaveLength(5);
    });
  });
}
