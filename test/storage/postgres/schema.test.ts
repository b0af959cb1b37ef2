import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../../bot/storage/postgres/migrate.js';
import { createPool, inTransaction } from '../../../bot/storage/postgres/pool.js';
import { pgJson } from '../../../bot/storage/postgres/values.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../support/postgres.js';

// The access patterns migration 001 was shaped for, run from two instances (pools) at once, so the stores built on
// it next start from SQL that is known to hold.
describePostgres('schema 001 under two instances', () => {
  let database: TestDatabase;
  let a: pg.Pool;
  let b: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase('schema');
    [a, b] = [createPool(database.url, { max: 4 }), createPool(database.url, { max: 4 })];
    await migrate(a);
  });
  afterAll(async () => {
    await Promise.all([a?.end(), b?.end()]);
    await database?.drop();
  });

  it('the per-conversation sequence row numbers concurrent appends without gaps or repeats, and a reader following its watermark never skips one', async () => {
    await a.query("INSERT INTO conversations (id, user_id, created_at) VALUES ('c1', 'u1', now())");
    const append = (pool: pg.Pool, count: number) =>
      inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ last_seq: number }>('UPDATE conversations SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq', [
          'c1',
          count,
        ]);
        const last = rows[0]?.last_seq as number;
        for (let seq = last - count + 1; seq <= last; seq++) {
          await client.query('INSERT INTO activities (conversation_id, seq, activity) VALUES ($1, $2, $3::jsonb)', [
            'c1',
            seq,
            pgJson({ type: 'message', text: `#${seq}` }),
          ]);
        }
        // Hold the row a little, as a turn's other writes would.
        await client.query('SELECT pg_sleep(0.002)');
      });
    let watermark = 0;
    const read: number[] = [];
    let appending = true;
    const reader = (async () => {
      while (appending) {
        const { rows } = await b.query<{ seq: number }>('SELECT seq FROM activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq', ['c1', watermark]);
        for (const row of rows) {
          read.push(row.seq);
          watermark = row.seq;
        }
      }
    })();
    const appends = Array.from({ length: 30 }, (_, i) => append(i % 2 ? a : b, (i % 3) + 1));
    await Promise.all(appends);
    appending = false;
    await reader;
    const { rows } = await a.query<{ seq: number }>("SELECT seq FROM activities WHERE conversation_id = 'c1' ORDER BY seq");
    const total = Array.from({ length: 30 }, (_, i) => (i % 3) + 1).reduce((x, y) => x + y, 0);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // What the reader saw while the appends ran is a gapless prefix: no number committed after a larger one.
    expect(read).toEqual(Array.from({ length: read.length }, (_, i) => i + 1));
  });

  it('webhook deliveries claimed with SKIP LOCKED by two instances at once: each exactly once', async () => {
    await a.query(
      "INSERT INTO webhook_outbox (delivery_id, event, body) SELECT gen_random_uuid(), 'handoff.initiate', jsonb_build_object('n', n) FROM generate_series(1, 60) n",
    );
    const claim = (pool: pg.Pool, worker: string) =>
      pool.query<{ id: number }>(
        `UPDATE webhook_outbox SET claimed_by = $1, claimed_until = now() + interval '30 seconds', attempts = attempts + 1
         WHERE id IN (SELECT id FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= now()
                      AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY id LIMIT 5 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [worker],
      );
    const claimed: number[] = [];
    const drain = async (pool: pg.Pool, worker: string) => {
      for (;;) {
        const { rows } = await claim(pool, worker);
        if (rows.length === 0) return;
        claimed.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all([drain(a, 'A1'), drain(a, 'A2'), drain(b, 'B1'), drain(b, 'B2')]);
    expect(claimed.sort((x, y) => x - y)).toEqual((await a.query<{ id: number }>('SELECT id FROM webhook_outbox ORDER BY id')).rows.map((r) => r.id));
    expect((await a.query('SELECT count(*)::int AS n FROM webhook_outbox WHERE attempts <> 1')).rows[0].n).toBe(0);
  });

  it('a waiting case is claimed by exactly one of two agents on two instances (compare-and-set)', async () => {
    await a.query(
      "INSERT INTO handoff_cases (id, conversation_id, status, created_at, data) SELECT 'case-' || n, 'conv-' || n, 'waiting', now(), '{}' FROM generate_series(1, 50) n",
    );
    const claim = (pool: pg.Pool, agent: string, id: string) =>
      pool.query(
        "UPDATE handoff_cases SET status = 'active', data = data || jsonb_build_object('agent', $2::text) WHERE id = $1 AND status = 'waiting' RETURNING id",
        [id, agent],
      );
    const ids = Array.from({ length: 50 }, (_, i) => `case-${i + 1}`);
    const results = await Promise.all(ids.flatMap((id) => [claim(a, 'ann', id), claim(b, 'bob', id)]));
    expect(results.reduce((n, r) => n + (r.rowCount ?? 0), 0)).toBe(50);
    expect((await a.query("SELECT count(*)::int AS n FROM handoff_cases WHERE status = 'active' AND data ? 'agent'")).rows[0].n).toBe(50);
  });

  it('finds closed cases by word prefix in the folded body, as FTS5 did', async () => {
    const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    await a.query(
      "INSERT INTO case_history (case_id, ended_at, created_at, outcome, locale, headline, body) VALUES ('h1', now(), now(), 'closed', 'et', 'Võtmed', $1)",
      [fold('API võtmed ei tööta, kaardimaksed katki')],
    );
    const search = async (words: string) =>
      (await a.query("SELECT case_id FROM case_history WHERE body_words @@ to_tsquery('simple', $1)", [words])).rows.map((r) => r.case_id);
    expect(await search(`${fold('võti')}:* & kaardi:*`)).toEqual([]);
    expect(await search(`${fold('võtme')}:* & kaardi:*`)).toEqual(['h1']);
    expect(await search('votmed & toota')).toEqual(['h1']);
  });
});
