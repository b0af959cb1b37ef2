import { ConversationState, type Storage, TestAdapter, TurnContext } from 'botbuilder';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createPostgresStorage } from '../../bot/storage/postgres/postgres-storage.js';
import { createPostgresTurnLock } from '../../bot/turn/postgres-turn-lock.js';
import { createInProcessTurnLock, TurnBusyError, type TurnLock } from '../../bot/turn/turn-lock.js';
import { migrationFiles } from '../support/migration-files.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { describeTurnLockContract } from './turn-lock-contract.js';

// One process: every "instance" is the same lock.
describeTurnLockContract('in process', async () => {
  const lock = createInProcessTurnLock();
  return { open: async () => lock, close: async () => undefined };
});

// Each open() is another instance: a lock pool of its own on one database.
describeTurnLockContract(
  'PostgreSQL advisory lock',
  async () => {
    const database = await createTestDatabase('turn_lock');
    const pools: pg.Pool[] = [];
    return {
      open: async () => {
        const pool = createPool(database.url, { max: 4 });
        pools.push(pool);
        return createPostgresTurnLock(pool);
      },
      close: async () => {
        await Promise.all(pools.map((pool) => pool.end()));
        await database.drop();
      },
    };
  },
  describePostgres,
);

const TURNS = 20;

describePostgres('two instances running turns of one conversation on shared bot state', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = createPool(database.url, { max: 3 });
    pools.push(p);
    return p;
  };
  beforeAll(async () => {
    database = await createTestDatabase('turn_state');
    await migrate(pool(), migrationFiles('001_initial_schema.sql'));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
  });

  /** An instance: its own storage pool and lock pool; a turn loads the conversation's state, counts, and saves ('*'). */
  const instance = (withLock: boolean) => {
    const state = new ConversationState(createPostgresStorage(pool()) as Storage);
    const count = state.createProperty<number>('count');
    const lock: TurnLock = withLock ? createPostgresTurnLock(pool()) : { run: (_id, task) => task() };
    const adapter = new TestAdapter();
    return (conversationId: string) =>
      lock.run(conversationId, async () => {
        const context = new TurnContext(adapter, {
          type: 'message',
          channelId: 'directline',
          conversation: { id: conversationId } as never,
          from: { id: 'u', name: '' },
          recipient: { id: 'bot', name: '' },
        });
        await state.load(context);
        const seen = await count.get(context, 0);
        // The rest of a turn (understanding, composing) takes a moment: long enough for the other instance to read.
        await new Promise((resolve) => setTimeout(resolve, 2));
        await count.set(context, seen + 1);
        await state.saveChanges(context);
      });
  };
  const counted = async (conversationId: string) => {
    const key = `directline/conversations/${conversationId}/`;
    const items = await createPostgresStorage(pool()).read([key]);
    return (items[key] as { count?: number } | undefined)?.count;
  };
  const both = async (a: (id: string) => Promise<void>, b: (id: string) => Promise<void>, id: string) => {
    const loop = async (turn: (id: string) => Promise<void>) => {
      for (let i = 0; i < TURNS; i++) await turn(id);
    };
    await Promise.all([loop(a), loop(b)]);
  };

  it(`without the lock, ${TURNS} turns on each of two instances lose updates (botbuilder saves with eTag '*')`, async () => {
    await both(instance(false), instance(false), 'no-lock');
    const count = await counted('no-lock');
    console.info(`without a turn lock: ${count} of ${2 * TURNS} updates kept`);
    expect(count).toBeLessThan(2 * TURNS);
  });

  it(`with the advisory lock, ${TURNS} turns on each of two instances lose none`, async () => {
    await both(instance(true), instance(true), 'locked');
    expect(await counted('locked')).toBe(2 * TURNS);
  });

  it('a lock whose connection ends (the instance died mid-turn) frees the conversation for the other instance', async () => {
    const [dying, other] = [pool(), pool()];
    const a = createPostgresTurnLock(dying);
    const b = createPostgresTurnLock(other);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = a.run('killed', () => held);
    await expect.poll(async () => (await other.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted")).rows[0].n).toBe(1);
    const second = b.run('killed', async () => 'the other instance ran');
    await other.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()");
    expect(await second).toBe('the other instance ran');
    release();
    // The first turn ends normally; its connection, whose unlock failed, is closed rather than reused.
    await first;
    expect(dying.totalCount).toBe(0);
  });
});

describePostgres('a turn that waits too long for its conversation', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const failures: string[] = [];
  const pool = () => {
    const p = createPool(database.url, { max: 2, onDatabaseError: (operation) => failures.push(operation) });
    pools.push(p);
    return p;
  };
  beforeAll(async () => {
    database = await createTestDatabase('turn_wait');
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
  });

  it('is refused with TurnBusyError once its time is up, never runs however late the lock comes, and holds no connection waiting', async () => {
    const watcher = pool();
    const [a, b] = [createPostgresTurnLock(pool(), { waitMs: 300 }), createPostgresTurnLock(pool(), { waitMs: 300 })];
    let release: () => void = () => undefined;
    const stuck = a.run('busy', () => new Promise<string>((resolve) => (release = () => resolve('the stuck turn ended'))));
    await expect.poll(async () => (await watcher.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted")).rows[0].n).toBe(1);
    const ran: string[] = [];
    const started = performance.now();
    // Another instance's turn waits for the advisory lock, this instance's next one in its queue: both are refused.
    const [onB, onA] = await Promise.allSettled([b.run('busy', async () => ran.push('B')), a.run('busy', async () => ran.push('A'))]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(onB).toMatchObject({ status: 'rejected', reason: expect.any(TurnBusyError) });
    expect(onA).toMatchObject({ status: 'rejected', reason: expect.any(TurnBusyError) });
    // The server gives up the wait too (lock_timeout): no connection is left waiting for the lock.
    await expect
      .poll(async () => (await watcher.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n)
      .toBe(0);
    release();
    expect(await stuck).toBe('the stuck turn ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran).toEqual([]);
    // The conversation is free again, on both instances; waiting out a lock is not a database error.
    expect(await b.run('busy', async () => 'B ran')).toBe('B ran');
    expect(await a.run('busy', async () => 'A ran')).toBe('A ran');
    expect(failures).toEqual([]);
  });
});
