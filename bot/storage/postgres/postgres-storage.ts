import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type pg from 'pg';
import { inTransaction, type Queryable } from './pool.js';
import { pgJson } from './values.js';

type Row = { key: string; etag: number; item: Record<string, unknown> };

// Both statements take the new eTag from one sequence (migration 001), so no eTag is ever given twice.
const OVERWRITE = `INSERT INTO bot_state (key, etag, item) VALUES ($1, nextval('bot_state_etag'), $2::jsonb)
  ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, item = excluded.item`;
// The compare-and-set: a row that changed since the writer read it is left alone (and RETURNING gives nothing). Under
// READ COMMITTED a second writer waits for the first's row lock and then checks the row the first committed, so of
// two writers with the same eTag exactly one succeeds, on any number of instances.
const COMPARE_AND_SET = `${OVERWRITE} WHERE bot_state.etag::text = $3 RETURNING etag`;

/**
 * botbuilder Storage in PostgreSQL (table bot_state), for several instances: the same rules as MemoryStorage and the
 * SQLite storage. Every write gives a new eTag; a write carrying an eTag that is no longer the stored one fails with
 * MemoryStorage's error (two turns of one conversation racing, maybe on two instances), while '*' or none
 * overwrites; a key that is not stored is written whatever the eTag. A write of several keys is one transaction:
 * one conflict leaves every key as it was.
 */
export function createPostgresStorage(pool: pg.Pool): Storage {
  return {
    async read(keys) {
      const items: StoreItems = {};
      if (keys.length === 0) return items;
      const { rows } = await pool.query<Row>('SELECT key, etag, item FROM bot_state WHERE key = ANY($1::text[])', [keys]);
      for (const row of rows) items[row.key] = { ...row.item, eTag: String(row.etag) };
      return items;
    },
    async write(changes) {
      // Sorted, so two instances writing the same keys lock them in the same order and cannot deadlock.
      const entries = Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const [first] = entries;
      if (!first) return;
      if (entries.length === 1) return writeOne(pool, first[0], first[1]);
      await inTransaction(pool, async (client) => {
        for (const [key, item] of entries) await writeOne(client, key, item);
      });
    },
    async delete(keys) {
      if (keys.length === 0) return;
      await pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
    },
  };
}

async function writeOne(db: Queryable, key: string, change: StoreItem): Promise<void> {
  const { eTag, ...item } = change as StoreItem & { eTag?: string };
  const json = pgJson(item);
  if (!eTag || eTag === '*') {
    await db.query(OVERWRITE, [key, json]);
    return;
  }
  const { rowCount } = await db.query(COMPARE_AND_SET, [key, json, eTag]);
  if (rowCount === 0) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}
