import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/storage/database.js';
import { createSqliteRecords } from '../../bot/storage/sqlite-records.js';
import { createSqliteStorage } from '../../bot/storage/sqlite-storage.js';
import { createSqliteTranscriptStore, readTranscript } from '../../bot/storage/sqlite-transcript-store.js';
import { chat, testBot } from '../support/test-bot.js';
import { tempDataDir } from '../support/web-server.js';

// A turn's rows wait for the end of the tick and are committed together; these are the promises that makes.
describe('group commit of the rows every turn writes', () => {
  it('a conversation is all there after the server stops right after answering', async () => {
    const data = tempDataDir();
    try {
      const first = testBot({ DATA_DIR: data.dir });
      const merchant = chat(first, 'kept-1');
      await merchant.say('kuidas kaardimakseid aktiveerida');
      await merchant.say('aitäh');
      // No tick has passed since the last answer: the rows are still queued when the file is closed.
      first.database!.close();

      const again = testBot({ DATA_DIR: data.dir });
      const transcript = await readTranscript(again.transcripts, 'test', 'kept-1');
      expect(transcript.filter((a) => a.from?.role === 'user').map((a) => a.text)).toEqual(['kuidas kaardimakseid aktiveerida', 'aitäh']);
      expect((await again.records.turns()).filter((r) => r.conversationId === 'kept-1').map((r) => r.answer.kind)).toEqual(['guide', 'smalltalk']);
      // The bot still knows what the chat was about: "did it help?" answers go to the card-payments guide.
      const { answer } = await chat(again, 'kept-1').say('ei aidanud');
      expect(answer.kind).toBe('handoff');
      again.database!.close();
    } finally {
      data.remove();
    }
  });

  it('a reader sees rows written in the same tick, before they are committed', async () => {
    const db = openDatabase(':memory:');
    const records = createSqliteRecords(db);
    const state = createSqliteStorage(db);
    await records.addTurn({ conversationId: 'c', at: '2026-11-26T10:00:00Z', locale: 'et', question: 'tere', answer: { kind: 'smalltalk', locale: 'et' } });
    await state.write({ k: { v: 1 } });
    expect(await records.turns()).toHaveLength(1);
    const read = await state.read(['k']);
    expect(read.k).toMatchObject({ v: 1 });
    // A second writer holding the old eTag is still refused while the first write waits for its commit.
    await state.write({ k: { ...read.k, v: 2 } });
    await expect(state.write({ k: { ...read.k, v: 3 } })).rejects.toThrow(/eTag conflict/);
    await state.delete(['k']);
    expect(await state.read(['k'])).toEqual({});
  });

  it('a transcript read in the same tick has the newest lines, in order', async () => {
    const db = openDatabase(':memory:');
    const transcripts = createSqliteTranscriptStore(db);
    const line = (id: string, text: string) => ({ type: 'message', id, text, channelId: 'web', conversation: { id: 'c' }, timestamp: new Date() }) as Activity;
    await transcripts.logActivity(line('1', 'tere'));
    await new Promise((resolve) => setImmediate(resolve));
    await transcripts.logActivity(line('2', 'kuidas kaardimakseid aktiveerida'));
    await transcripts.logActivity({ ...line('3', 'other chat'), conversation: { id: 'other' } } as Activity);
    expect(db.inTransaction).toBe(true);
    expect((await readTranscript(transcripts, 'web', 'c')).map((a) => a.text)).toEqual(['tere', 'kuidas kaardimakseid aktiveerida']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(db.inTransaction).toBe(false);
    expect((await readTranscript(transcripts, 'web', 'c')).map((a) => a.text)).toEqual(['tere', 'kuidas kaardimakseid aktiveerida']);
  });

  it('a write that fails tells its caller, and the other rows of the tick are still committed', async () => {
    const db = openDatabase(':memory:');
    const records = createSqliteRecords(db);
    const feedback = (guideId: string) => records.addFeedback({ conversationId: 'c', at: '2026-11-26T10:00:00Z', locale: 'en', guideId, helpful: true });
    await feedback('api-keys');
    db.joinTick();
    expect(() => db.prepare('INSERT INTO feedback_records (conversation_id, at, record) VALUES (NULL, NULL, NULL)').run()).toThrow(/NOT NULL/);
    await feedback('shipping');
    await new Promise((resolve) => setImmediate(resolve));
    expect(db.inTransaction).toBe(false);
    expect((await records.feedback()).map((f) => f.guideId)).toEqual(['api-keys', 'shipping']);
  });
});
