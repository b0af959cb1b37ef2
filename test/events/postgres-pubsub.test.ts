import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createPostgresPubSub, notifyIn, type PostgresPubSub } from '../../bot/events/postgres-pubsub.js';
import { createPool, inTransaction } from '../../bot/storage/postgres/pool.js';
import { createTestDatabase, databaseUrl, describePostgres, type TestDatabase } from '../support/postgres.js';
import { inbox } from './pubsub-contract.js';

const WAIT = { timeout: 10_000, interval: 10 };

describePostgres('LISTEN/NOTIFY events when the listening connection is lost', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const buses: PostgresPubSub[] = [];
  const errors: Error[] = [];
  const bus = async (applicationName: string, reconnectDelaysMs: number[]) => {
    const b = await createPostgresPubSub({ url: database.url, pool, applicationName, reconnectDelaysMs, onError: (e) => errors.push(e) });
    buses.push(b);
    return b;
  };
  const backendsOf = async (applicationName: string) =>
    (
      await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [applicationName])
    ).rows.map((r) => r.pid);
  const terminate = async (applicationName: string) => {
    const { rows } = await pool.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
      [applicationName],
    );
    expect(rows).toEqual([{ ended: true }]);
  };
  // As the Direct Line hub will: a reply is a row; the event says "read from your watermark".
  const store = (conversationId: string, seq: number) =>
    inTransaction(pool, async (client) => {
      await client.query('INSERT INTO replies (conversation_id, seq) VALUES ($1, $2)', [conversationId, seq]);
      await notifyIn(client, 'replies', { conversationId, watermark: seq });
    });
  const receiver = (conversationId: string) => {
    const seen: number[] = [];
    let watermark = 0;
    let reading = Promise.resolve();
    const read = () => {
      reading = reading.then(async () => {
        const { rows } = await pool.query<{ seq: number }>('SELECT seq FROM replies WHERE conversation_id = $1 AND seq > $2 ORDER BY seq', [
          conversationId,
          watermark,
        ]);
        for (const row of rows) {
          seen.push(row.seq);
          watermark = row.seq;
        }
      });
      return reading;
    };
    return { seen, read };
  };

  beforeAll(async () => {
    database = await createTestDatabase('listen');
    pool = createPool(database.url, { max: 4, onError: () => undefined });
    await pool.query('CREATE TABLE replies (conversation_id TEXT NOT NULL, seq INT NOT NULL, PRIMARY KEY (conversation_id, seq))');
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await pool?.end();
    await database?.drop();
  });

  it('after pg_terminate_backend it listens again on a new connection, and the catch-up hook re-reads what was sent meanwhile', async () => {
    const listener = await bus('listener-terminated', [300]);
    const c = receiver('conv-1');
    let reconnects = 0;
    await listener.subscribe('replies', (event) => {
      if (event.conversationId === 'conv-1') void c.read();
    });
    listener.onReconnect(async () => {
      await c.read();
      reconnects += 1;
    });
    await store('conv-1', 1);
    await store('conv-1', 2);
    await vi.waitFor(() => expect(c.seen).toEqual([1, 2]), WAIT);
    const [before] = await backendsOf('listener-terminated');

    await terminate('listener-terminated');
    await vi.waitFor(() => expect(listener.listening()).toBe(false), WAIT);
    // Sent while nobody listens: the event is gone, the row is not.
    await store('conv-1', 3);
    await vi.waitFor(() => expect(reconnects).toBe(1), WAIT);
    expect(c.seen).toEqual([1, 2, 3]);
    expect(listener.listening()).toBe(true);
    const after = await backendsOf('listener-terminated');
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);

    // And live events flow again on the new connection.
    await store('conv-1', 4);
    await vi.waitFor(() => expect(c.seen).toEqual([1, 2, 3, 4]), WAIT);
    expect(errors.some((e) => /lost its connection: terminating connection due to administrator command/.test(e.message))).toBe(true);
  });

  it('keeps trying while the database refuses connections, then listens again and catches up once', async () => {
    const listener = await bus('listener-refused', [50]);
    const box = inbox();
    let reconnects = 0;
    await listener.subscribe('refused', box.handler);
    listener.onReconnect(() => {
      reconnects += 1;
    });
    const admin = new pg.Client({ connectionString: databaseUrl(database.url, 'postgres') });
    await admin.connect();
    try {
      const failuresBefore = errors.filter((e) => /could not connect/.test(e.message)).length;
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      await terminate('listener-refused');
      await vi.waitFor(() => expect(errors.filter((e) => /could not connect/.test(e.message)).length).toBeGreaterThanOrEqual(failuresBefore + 3), WAIT);
      expect(reconnects).toBe(0);
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      await vi.waitFor(() => expect(reconnects).toBe(1), WAIT);
    } finally {
      await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await pool.query('SELECT pg_notify(\'refused\', \'{"caseId":"k"}\')');
    await vi.waitFor(() => expect(box.received).toEqual([{ caseId: 'k' }]), WAIT);
  });

  it('an event sent in a transaction arrives when it commits, and never if it rolls back', async () => {
    const listener = await bus('listener-transactions', [0]);
    const box = inbox();
    await listener.subscribe('tx', box.handler);
    await expect(
      inTransaction(pool, async (client) => {
        await notifyIn(client, 'tx', { caseId: 'rolled-back' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await inTransaction(pool, async (client) => {
      await notifyIn(client, 'tx', { caseId: 'committed' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(box.received).toEqual([]);
    });
    await vi.waitFor(() => expect(box.received).toEqual([{ caseId: 'committed' }]), WAIT);
  });

  it('refuses to start when the database cannot be reached, and a closed bus stops listening', async () => {
    await expect(
      createPostgresPubSub({ url: 'postgresql://postgres@/nowhere?host=/nonexistent-socket-dir', pool, reconnectDelaysMs: [0], onError: () => undefined }),
    ).rejects.toThrow();
    const listener = await bus('listener-closed', [0]);
    expect(await backendsOf('listener-closed')).toHaveLength(1);
    await listener.close();
    expect(listener.listening()).toBe(false);
    await expect(listener.publish('x', {})).rejects.toThrow(/closed/);
    await vi.waitFor(async () => expect(await backendsOf('listener-closed')).toEqual([]), WAIT);
  });

  it('a round trip from one instance to another takes about a millisecond (median printed)', async () => {
    const [sender, listener] = [await bus('latency-sender', [0]), await bus('latency-listener', [0])];
    const times: number[] = [];
    let resolve: () => void = () => undefined;
    await listener.subscribe('latency', () => resolve());
    for (let i = 0; i < 200; i++) {
      const arrived = new Promise<void>((r) => {
        resolve = r;
      });
      const started = performance.now();
      await sender.publish('latency', { i });
      await arrived;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[100] as number;
    console.log(`LISTEN/NOTIFY round trip between two instances: median ${median.toFixed(2)} ms, p95 ${(times[190] as number).toFixed(2)} ms`);
    expect(median).toBeLessThan(50);
  });
});
