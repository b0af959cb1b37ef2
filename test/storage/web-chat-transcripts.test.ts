import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteConversationLog } from '../../bot/storage/sqlite-conversation-log.js';
import { DATABASE_FILE, openDatabase } from '../../bot/storage/database.js';
import { readTranscript } from '../../bot/storage/sqlite-transcript-store.js';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, tempDataDir } from '../support/web-server.js';

describe('a web chat turn is kept once', () => {
  it('its transcript is its Direct Line log: nothing more in the transcript table, the handoff packet still has every question', async () => {
    const server = await startWebServer();
    try {
      const dl = rawDirectLine(server.url);
      const grant = await dl.open();
      await dl.post(grant, { type: 'message', text: 'kuidas kaardimakseid aktiveerida' });
      await dl.post(grant, { type: 'message', text: 'tahan inimesega rääkida' });
      const db = server.parts.database!;
      expect(db.prepare("SELECT COUNT(*) AS n FROM transcript_activities WHERE channel_id = 'directline'").get()).toEqual({ n: 0 });
      const transcript = await readTranscript(server.parts.transcripts, 'directline', grant.conversationId);
      expect(transcript.filter((a) => a.from.role === 'user').map((a) => a.text)).toEqual(['kuidas kaardimakseid aktiveerida', 'tahan inimesega rääkida']);
      expect(transcript.every((a) => a.timestamp instanceof Date)).toBe(true);
      const open = await server.parts.handoff.store.openFor(grant.conversationId);
      expect(open?.transcript.filter((a) => a.from?.role === 'user').map((a) => a.text)).toEqual([
        'kuidas kaardimakseid aktiveerida',
        'tahan inimesega rääkida',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('a file from before (activities WITHOUT ROWID) is moved to the compact table at boot, rows intact', async () => {
    const data = tempDataDir();
    try {
      const old = new BetterSqlite3(`${data.dir}/${DATABASE_FILE}`);
      old.exec(`
        CREATE TABLE conversations (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT);
        CREATE TABLE activities (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL, activity TEXT NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
        INSERT INTO conversations VALUES ('c', 'dl_u', '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z');
        INSERT INTO activities VALUES ('c', 1, '{"type":"message","text":"tere"}'), ('c', 2, '{"type":"message","text":"Tere!"}');
      `);
      old.close();
      const db = openDatabase(data.dir);
      const log = createSqliteConversationLog(db);
      expect((await log.since('c', 0)).activities.map((a) => a.text)).toEqual(['tere', 'Tere!']);
      expect(await log.get('c')).toMatchObject({ startedAt: '2026-11-01T00:00:01Z', endedAt: undefined });
      const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'activities'").pluck().get() as string;
      expect(sql).not.toMatch(/WITHOUT ROWID/);
      db.close();
    } finally {
      data.remove();
    }
  });
});
