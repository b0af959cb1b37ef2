import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresPresence } from '../../bot/events/postgres-presence.js';
import { createInProcessPresence, type Presence } from '../../bot/events/presence.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { migrationFiles } from '../support/migration-files.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { describePresenceContract } from './presence-contract.js';

const quiet = () => undefined;
let instances = 0;

/** agent_presence alone: migration 003 needs no other table. */
async function presenceTable(pool: pg.Pool): Promise<void> {
  await migrate(pool, migrationFiles('003_presence.sql'));
}

// One process: every "instance" is the same presence, and each test closes every console it opened.
describePresenceContract('in process', async () => {
  const presence = createInProcessPresence();
  return { open: async () => presence, close: () => presence.close() };
});

// Each open() is another instance: a pool and an instance id of its own, on one database.
describePresenceContract(
  'PostgreSQL agent_presence',
  async () => {
    const database = await createTestDatabase('presence');
    const pools: pg.Pool[] = [];
    const opened: Presence[] = [];
    const pool = () => {
      const p = createPool(database.url, { max: 2 });
      pools.push(p);
      return p;
    };
    await presenceTable(pool());
    return {
      open: async () => {
        const presence = createPostgresPresence({ pool: pool(), instanceId: `instance-${++instances}`, onError: quiet });
        opened.push(presence);
        return presence;
      },
      close: async () => {
        await Promise.all(opened.map((p) => p.close()));
        await Promise.all(pools.map((p) => p.end()));
        await database.drop();
      },
    };
  },
  describePostgres,
);

describePostgres('agents online when an instance stops', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase('presence_stop');
    pool = createPool(database.url, { max: 2 });
    await presenceTable(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('an instance that shuts down takes its agents off the count at once', async () => {
    const [a, b] = [
      createPostgresPresence({ pool, instanceId: 'stops', onError: quiet }),
      createPostgresPresence({ pool, instanceId: 'stays', onError: quiet }),
    ];
    a.join('kadri');
    b.join('mart');
    // Each count waits for its own instance's writes.
    await b.agentsOnline();
    expect(await a.agentsOnline()).toBe(2);
    await a.close();
    expect(await b.agentsOnline()).toBe(1);
    await b.close();
  });

  it('a crashed instance’s agents stop counting when its rows expire, and the rows are cleared by the next heartbeat elsewhere', async () => {
    const crashedPool = createPool(database.url, { max: 1, onError: quiet });
    const crashed = createPostgresPresence({ pool: crashedPool, instanceId: 'crashed', heartbeatMs: 100, ttlMs: 400, onError: quiet });
    const alive = createPostgresPresence({ pool, instanceId: 'alive', heartbeatMs: 100, ttlMs: 400, onError: quiet });
    crashed.join('kadri');
    expect(await crashed.agentsOnline()).toBe(1);
    // The process is gone: no more heartbeats, no goodbye.
    await crashedPool.end();
    expect(await alive.agentsOnline()).toBe(1);
    await expect.poll(() => alive.agentsOnline(), { timeout: 5_000, interval: 50 }).toBe(0);
    await expect
      .poll(async () => (await pool.query("SELECT count(*)::int AS n FROM agent_presence WHERE instance_id = 'crashed'")).rows[0].n, {
        timeout: 5_000,
        interval: 50,
      })
      .toBe(0);
    await alive.close();
  });

  it('renews its rows while consoles stay open, long past the time-to-live', async () => {
    const here = createPostgresPresence({ pool, instanceId: 'renews', heartbeatMs: 50, ttlMs: 200, onError: quiet });
    here.join('kadri');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await here.agentsOnline()).toBe(1);
    await here.close();
  });
});
