import type pg from 'pg';
import { createPostgresPubSub } from '../../bot/events/postgres-pubsub.js';
import { createInProcessPubSub, type PubSub } from '../../bot/events/pubsub.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { describePubSubContract } from './pubsub-contract.js';

const quiet = () => undefined;

// One process: every "instance" is the same bus.
describePubSubContract('in process', async () => {
  const bus = createInProcessPubSub({ onError: quiet });
  return { open: async () => bus, close: () => bus.close() };
});

// Each open() is another instance: a pool and a listening connection of its own, on one database.
describePubSubContract(
  'PostgreSQL LISTEN/NOTIFY',
  async () => {
    const database = await createTestDatabase('pubsub');
    const pools: pg.Pool[] = [];
    const buses: PubSub[] = [];
    return {
      open: async () => {
        const pool = createPool(database.url, { max: 2 });
        pools.push(pool);
        const bus = await createPostgresPubSub({ url: database.url, pool, onError: quiet });
        buses.push(bus);
        return bus;
      },
      close: async () => {
        await Promise.all(buses.map((bus) => bus.close()));
        await Promise.all(pools.map((pool) => pool.end()));
        await database.drop();
      },
    };
  },
  describePostgres,
);
