import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database.js';

/**
 * botbuilder Storage in SQLite, with MemoryStorage's rules: every write gets a new eTag, and a write carrying
 * an older eTag than the stored one fails (two turns of one conversation racing), while '*' or none overwrites.
 */
export function createSqliteStorage(db: Database): Storage {
  db.exec('CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, item TEXT NOT NULL)');
  const select = db.prepare<[string], { etag: number; item: string }>('SELECT etag, item FROM bot_state WHERE key = ?');
  const upsert = db.prepare('INSERT INTO bot_state (key, etag, item) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, item = excluded.item');
  const remove = db.prepare('DELETE FROM bot_state WHERE key = ?');

  const writeAll = db.transaction((changes: StoreItems) => {
    for (const [key, change] of Object.entries(changes)) {
      const stored = select.get(key);
      const eTag = (change as { eTag?: string }).eTag;
      if (stored && eTag && eTag !== '*' && eTag !== String(stored.etag)) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      // Each key counts its own versions: a table-wide counter would read every row on every write.
      upsert.run(key, (stored?.etag ?? 0) + 1, JSON.stringify({ ...change, eTag: undefined }));
    }
  });

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
      db.joinTick();
      writeAll(changes);
    },
    async delete(keys) {
      db.joinTick();
      for (const key of keys) remove.run(key);
    },
  };
}
