import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database.js';

/**
 * botbuilder Storage in SQLite, with MemoryStorage's rules: every write gets a new eTag, and a write carrying
 * an older eTag than the stored one fails (two turns of one conversation racing), while '*' or none overwrites.
 */
export function createSqliteStorage(db: Database): Storage {
  db.exec('CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, item TEXT NOT NULL)');
  const select = db.prepare<[string], { etag: number; item: string }>('SELECT etag, item FROM bot_state WHERE key = ?');
  const etagOf = db.prepare<[string], number>('SELECT etag FROM bot_state WHERE key = ?').pluck();
  // Each key counts its own versions: a table-wide counter would read every row on every write.
  const upsert = db.prepare('INSERT INTO bot_state (key, etag, item) VALUES (?, 1, ?) ON CONFLICT(key) DO UPDATE SET etag = etag + 1, item = excluded.item');
  const remove = db.prepare('DELETE FROM bot_state WHERE key = ?');

  return {
    async read(keys) {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = select.get(key);
        if (row) items[key] = { ...JSON.parse(row.item), eTag: String(row.etag) };
      }
      return items;
    },
    async write(changes) {
      const entries = Object.entries(changes);
      // Every eTag is checked before anything is written, so a conflict leaves all keys as they were.
      for (const [key, change] of entries) {
        const eTag = (change as { eTag?: string }).eTag;
        if (!eTag || eTag === '*') continue;
        const stored = etagOf.get(key);
        if (stored !== undefined && String(stored) !== eTag) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      db.joinTick();
      for (const [key, change] of entries) upsert.run(key, JSON.stringify({ ...change, eTag: undefined }));
    },
    async delete(keys) {
      db.joinTick();
      for (const key of keys) remove.run(key);
    },
  };
}
