import type { Activity } from 'botbuilder';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createStreamHub, type ReadActivities, type StreamHub } from '../../bot/channel/stream-hub.js';
import { createPostgresPubSub, type PostgresPubSub } from '../../bot/events/postgres-pubsub.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool, inTransaction } from '../../bot/storage/postgres/pool.js';
import { migrationFiles } from '../support/migration-files.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { numbered, received, streamServer, WAIT } from './stream-harness.js';

type Instance = { name: string; pool: pg.Pool; bus: PostgresPubSub; hub: StreamHub };

/** The log as schema 001 keeps it: the conversation's sequence row numbers each page (see its README). */
const readFrom =
  (pool: pg.Pool): ReadActivities =>
  async (conversationId, watermark) => {
    const { rows } = await pool.query<{ seq: number; activity: Activity }>(
      'SELECT seq, activity FROM activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq',
      [conversationId, watermark],
    );
    return { activities: rows.map((row) => row.activity), watermark: rows.at(-1)?.seq ?? watermark };
  };

describePostgres('Direct Line streams across two instances', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof streamServer>>;
  let a: Instance;
  let b: Instance;
  const errors: Error[] = [];

  const instance = async (name: string): Promise<Instance> => {
    const pool = createPool(database.url, { max: 4, onError: () => undefined });
    const bus = await createPostgresPubSub({
      url: database.url,
      pool,
      applicationName: `streams-${name}`,
      reconnectDelaysMs: [300],
      onError: (e) => errors.push(e),
    });
    return { name, pool, bus, hub: createStreamHub({ events: bus, read: readFrom(pool), onError: (e) => errors.push(e) }) };
  };
  const conversation = async () => {
    const id = `c${Math.random().toString(36).slice(2)}`;
    await a.pool.query('INSERT INTO conversations (id, user_id, created_at) VALUES ($1, $2, now())', [id, 'u']);
    return id;
  };
  /** A page stored in one instance, as its web chats would: numbered in the transaction, announced once committed. */
  const store = async (at: Instance, conversationId: string, count = 1) => {
    const page = await inTransaction(at.pool, async (client) => {
      const { rows } = await client.query<{ last_seq: number }>('UPDATE conversations SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq', [
        conversationId,
        count,
      ]);
      const last = rows[0]?.last_seq as number;
      const activities = Array.from(
        { length: count },
        (_, i) => ({ type: 'message', id: `${conversationId}|${last - count + i + 1}`, text: `#${last - count + i + 1}` }) as Activity,
      );
      for (const [i, activity] of activities.entries()) {
        await client.query('INSERT INTO activities (conversation_id, seq, activity) VALUES ($1, $2, $3::jsonb)', [
          conversationId,
          last - count + i + 1,
          JSON.stringify(activity),
        ]);
      }
      return { activities, watermark: last };
    });
    at.hub.publish(conversationId, page);
    return page;
  };

  beforeAll(async () => {
    database = await createTestDatabase('streams');
    a = await instance('a');
    b = await instance('b');
    await migrate(a.pool, migrationFiles('001_initial_schema.sql'));
    server = await streamServer({ a: a.hub, b: b.hub });
  });
  afterAll(async () => {
    for (const x of [a, b]) x?.hub.closeAll();
    await server?.close();
    for (const x of [a, b]) await x?.bus.close();
    for (const x of [a, b]) await x?.pool.end();
    await database?.drop();
  });

  it('a stream on A receives a reply stored on B within a second (median printed)', async () => {
    const id = await conversation();
    const client = await server.open('a', id);
    const times: number[] = [];
    for (let n = 1; n <= 20; n++) {
      const started = performance.now();
      await store(b, id);
      await received(client, numbered(1, n));
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    console.info(`stored on B → on A's stream: median ${times[10]?.toFixed(1)} ms, slowest ${times[19]?.toFixed(1)} ms`);
    expect(client.texts).toEqual(numbered(1, 20));
    expect(times[19]).toBeLessThan(1000);
  });

  it('pages stored on both instances at once reach the streams on both, each activity once and in order', async () => {
    const id = await conversation();
    const streams = [await server.open('a', id), await server.open('b', id), await server.open('a', id)];
    await Promise.all([
      (async () => {
        for (let n = 0; n < 20; n++) await store(a, id, 1 + (n % 2));
      })(),
      (async () => {
        for (let n = 0; n < 20; n++) await store(b, id, 1 + (n % 3));
      })(),
    ]);
    const { rows } = await a.pool.query<{ last_seq: number }>('SELECT last_seq FROM conversations WHERE id = $1', [id]);
    const all = numbered(1, rows[0]?.last_seq as number);
    for (const stream of streams) await received(stream, all);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const stream of streams) expect(stream.texts).toEqual(all);
  });

  it('after pg_terminate_backend of A’s listener, A listens again and its stream misses nothing', async () => {
    const id = await conversation();
    const client = await server.open('a', id);
    await store(b, id);
    await received(client, ['#1']);
    const { rows } = await b.pool.query<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = 'streams-a' AND datname = current_database()",
    );
    expect(rows).toEqual([{ ended: true }]);
    await vi.waitFor(() => expect(a.bus.listening()).toBe(false), WAIT);
    // Stored on B while nobody on A listens: the events are gone, the rows are not.
    await store(b, id, 2);
    await store(b, id, 2);
    await vi.waitFor(() => expect(a.bus.listening()).toBe(true), WAIT);
    await received(client, numbered(1, 5));
    await store(b, id);
    await received(client, numbered(1, 6));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.texts).toEqual(numbered(1, 6));
    expect(errors.some((e) => /lost its connection/.test(e.message))).toBe(true);
  });
});
