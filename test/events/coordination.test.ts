import type pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type Coordination, createPostgresCoordination } from '../../bot/coordination.js';
import type { EventPayload } from '../../bot/events/pubsub.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { migrationFiles } from '../support/migration-files.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

const WAIT = { timeout: 10_000, interval: 10 };

describePostgres('createPostgresCoordination: what two instances on one database share', () => {
  let database: TestDatabase;
  let pools: pg.Pool[];
  let a: Coordination;
  let b: Coordination;
  const connections = async (pool: pg.Pool, instanceId: string) =>
    (
      await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE '%' || $1 AND datname = current_database()",
        [instanceId],
      )
    ).rows[0]?.n;

  beforeAll(async () => {
    database = await createTestDatabase('coordination');
    pools = [createPool(database.url, { max: 3 }), createPool(database.url, { max: 3 })];
    await migrate(pools[0] as pg.Pool, migrationFiles('003_presence.sql'));
    a = await createPostgresCoordination({ url: database.url, pool: pools[0] as pg.Pool, instanceId: 'coord-a', turnLockConnections: 2 });
    b = await createPostgresCoordination({ url: database.url, pool: pools[1] as pg.Pool, instanceId: 'coord-b', turnLockConnections: 2 });
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database?.drop();
  });

  it('events, agents online and the turn lock reach across, and closing lets go of everything', async () => {
    const heard: EventPayload[] = [];
    await b.events.subscribe('coordination.test', (event) => void heard.push(event));
    await a.events.publish('coordination.test', { caseId: 'k' });
    await vi.waitFor(() => expect(heard).toEqual([{ caseId: 'k' }]), WAIT);

    a.presence.join('kadri');
    b.presence.join('mart');
    await a.presence.agentsOnline();
    expect(await b.presence.agentsOnline()).toBe(2);

    const order: string[] = [];
    const turn = (c: Coordination, name: string) =>
      c.turnLock.run('one-conversation', async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push(`${name} out`);
      });
    await Promise.all([turn(a, 'A'), turn(b, 'B')]);
    expect([order.slice(0, 2), order.slice(2)].map((pair) => pair[0]?.split(' ')[0] === pair[1]?.split(' ')[0])).toEqual([true, true]);

    expect(await connections(pools[1] as pg.Pool, 'coord-a')).toBeGreaterThanOrEqual(2);
    await a.close();
    expect(await b.presence.agentsOnline()).toBe(1);
    await vi.waitFor(async () => expect(await connections(pools[1] as pg.Pool, 'coord-a')).toBe(0), WAIT);
    await b.close();
  });
});
