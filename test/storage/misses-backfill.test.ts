import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/storage/database.js';
import { createSqliteRecords } from '../../bot/storage/sqlite-records.js';

describe('a data folder from before the misses were kept as they happen', () => {
  it('gets its fallbacks, 👎 and handoffs derived once, at the first start', async () => {
    const db = openDatabase(':memory:');
    db.exec(`
      CREATE TABLE turn_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
      CREATE TABLE feedback_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, record TEXT NOT NULL);
    `);
    const turn = (conversationId: string, at: string, question: string, answer: Record<string, string>) =>
      db
        .prepare('INSERT INTO turn_records (conversation_id, at, record) VALUES (?, ?, ?)')
        .run(conversationId, at, JSON.stringify({ conversationId, at, locale: 'et', question, answer: { locale: 'et', ...answer } }));
    turn('a', '2026-01-01T10:00:00Z', 'kas saab laenu võtta', { kind: 'fallback' });
    turn('a', '2026-01-01T10:01:00Z', 'tahan inimesega rääkida', { kind: 'handoff' });
    turn('b', '2026-01-01T11:00:00Z', 'kuidas kaardimakseid aktiveerida', { kind: 'guide', guideId: 'card-payments' });
    db.prepare('INSERT INTO feedback_records (conversation_id, at, record) VALUES (?, ?, ?)').run(
      'b',
      '2026-01-01T11:01:00Z',
      JSON.stringify({ conversationId: 'b', at: '2026-01-01T11:01:00Z', locale: 'et', guideId: 'card-payments', helpful: false }),
    );

    const records = createSqliteRecords(db);
    expect((await records.misses(10)).map((m) => [m.kind, m.question])).toEqual([
      ['notHelpful', 'kuidas kaardimakseid aktiveerida'],
      ['handoff', 'kas saab laenu võtta'],
      ['fallback', 'kas saab laenu võtta'],
    ]);
    await records.addHandoff({ conversationId: 'b', at: '2026-01-01T11:02:00Z', locale: 'et' });
    expect((await records.misses(1))[0]).toMatchObject({ kind: 'handoff', question: 'kuidas kaardimakseid aktiveerida' });
    expect(await createSqliteRecords(db).misses(10)).toHaveLength(4);
    db.close();
  });
});
