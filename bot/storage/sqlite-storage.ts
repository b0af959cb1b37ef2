import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database.js';

type Row = { etag: number; item: string };

/**
 * botbuilder Storage in SQLite, with MemoryStorage's rules: every write gets a new eTag, and a write carrying
 * an older eTag than the stored one fails (two turns of one conversation racing), while '*' or none overwrites.
 * Writes are group-committed; until their commit, reads and eTag checks see them in `pending` (null: deleted).
 */
export function createSqliteStorage(db: Database): Storage {
  db.exec('CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, item TEXT NOT NULL)');
  const select = db.prepare<[string], Row>('SELECT etag, item FROM bot_state WHERE key = ?');
  const upsert = db.prepare('INSERT INTO bot_state (key, etag, item) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, item = excluded.item');
  const remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
  const pending = new Map<string, Row | null>();

  const current = (key: string): Row | undefined => {
    const waiting = pending.get(key);
    return waiting === undefined ? select.get(key) : (waiting ?? undefined);
  };
  const settle = (key: string, row: Row | null, write: () => void) => {
    pending.set(key, row);
    db.later(() => {
      write();
      if (pending.get(key) === row) pending.delete(key);
    });
  };

  return {
    async read(keys) {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = current(key);
        if (row) items[key] = { ...JSON.parse(row.item), eTag: String(row.etag) };
      }
      return items;
    },
    async write(changes) {
      const entries = Object.entries(changes);
      // All or nothing, as in a transaction: check every eTag before changing anything.
      for (const [key, change] of entries) {
        const stored = current(key);
        const eTag = (change as { eTag?: string }).eTag;
        if (stored && eTag && eTag !== '*' && eTag !== String(stored.etag)) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
      }
      for (const [key, change] of entries) {
        // Each key counts its own versions: a table-wide counter would read every row on every write.
        const row = { etag: (current(key)?.etag ?? 0) + 1, item: JSON.stringify({ ...change, eTag: undefined }) };
        settle(key, row, () => upsert.run(key, row.etag, row.item));
      }
    },
    async delete(keys) {
      for (const key of keys) settle(key, null, () => remove.run(key));
    },
  };
}
