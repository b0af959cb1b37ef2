import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPresence } from '../../bot/events/postgres-presence.js';
import { createPostgresPubSub, type PostgresPubSub } from '../../bot/events/postgres-pubsub.js';
import { createInProcessPresence } from '../../bot/events/presence.js';
import { createInProcessPubSub } from '../../bot/events/pubsub.js';
import { type CaseEvent, type CaseEvents, createCaseEvents } from '../../bot/handoff/case-events.js';
import type { CaseEntry } from '../../bot/handoff/handoff-store.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { migrationFiles } from '../support/migration-files.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

const WAIT = { timeout: 10_000, interval: 5 };
const quiet = () => undefined;

/** The store the instances share: a case's lines, as a database would hold them. */
function sharedEntries() {
  const byCase = new Map<string, CaseEntry[]>();
  let seq = 0;
  return {
    add(caseId: string, text: string): CaseEntry {
      const entry: CaseEntry = { seq: ++seq, caseId, at: new Date().toISOString(), kind: 'merchant', author: '', text, delivered: true };
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), entry]);
      return entry;
    },
    read: async (caseId: string) => byCase.get(caseId) ?? [],
  };
}

type Engine = { instance: (entries: ReturnType<typeof sharedEntries>) => Promise<CaseEvents>; close: () => Promise<void> };

function heard(events: CaseEvents, agent = 'kadri') {
  const got: CaseEvent[] = [];
  const leave = events.subscribe(agent, (event) => void got.push(event));
  return { got, leave };
}

function describeCaseEvents(name: string, engine: () => Promise<Engine>, wrap: (name: string, body: () => void) => void = describe) {
  wrap(`case events between instances: ${name}`, () => {
    let current: Engine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(() => current?.close());

    it('a console on A hears what B publishes: changes as pointers, a new line read back from the store', async () => {
      const entries = sharedEntries();
      const [a, b] = [await current.instance(entries), await current.instance(entries)];
      const onA = heard(a);
      b.publish({ type: 'queue', caseId: 'k1' });
      b.publish({ type: 'case', caseId: 'k1' });
      const line = entries.add('k1', 'kas keegi on seal?');
      b.publish({ type: 'entry', caseId: 'k1', entry: line });
      await vi.waitFor(() => expect(onA.got).toHaveLength(3), WAIT);
      expect(onA.got).toEqual([
        { type: 'queue', caseId: 'k1' },
        { type: 'case', caseId: 'k1' },
        { type: 'entry', caseId: 'k1', entry: line },
      ]);
      onA.leave();
    });

    it('the publishing instance’s consoles hear each event once, at once', async () => {
      const entries = sharedEntries();
      const [a] = [await current.instance(entries), await current.instance(entries)];
      const onA = heard(a);
      a.publish({ type: 'queue', caseId: 'k2' });
      expect(onA.got).toEqual([{ type: 'queue', caseId: 'k2' }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(onA.got).toHaveLength(1);
      onA.leave();
    });

    it('keeps the order of one case’s lines written on another instance', async () => {
      const entries = sharedEntries();
      const [a, b] = [await current.instance(entries), await current.instance(entries)];
      const onA = heard(a);
      for (let i = 1; i <= 20; i++) b.publish({ type: 'entry', caseId: 'k3', entry: entries.add('k3', `line ${i}`) });
      await vi.waitFor(() => expect(onA.got).toHaveLength(20), WAIT);
      expect(onA.got.map((e) => (e.type === 'entry' ? e.entry.text : ''))).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 1}`));
      onA.leave();
    });

    it('tells watchers whether a change was made in their own instance', async () => {
      const entries = sharedEntries();
      const [a, b] = [await current.instance(entries), await current.instance(entries)];
      const seen: string[] = [];
      a.watch((event, here) => void seen.push(`A ${event.caseId} ${here ? 'here' : 'elsewhere'}`));
      b.watch((event, here) => void seen.push(`B ${event.caseId} ${here ? 'here' : 'elsewhere'}`));
      a.publish({ type: 'queue', caseId: 'k4' });
      await vi.waitFor(() => expect(seen).toHaveLength(2), WAIT);
      expect(seen.sort()).toEqual(['A k4 here', 'B k4 elsewhere']);
    });

    it('counts agents with a console open on any instance', async () => {
      const entries = sharedEntries();
      const [a, b] = [await current.instance(entries), await current.instance(entries)];
      const kadri = heard(a, 'kadri');
      const mart = heard(b, 'mart');
      const kadriOnB = heard(b, 'kadri');
      await vi.waitFor(async () => expect(await a.agentsOnline()).toBe(2), WAIT);
      kadri.leave();
      kadriOnB.leave();
      await vi.waitFor(async () => expect(await a.agentsOnline()).toBe(1), WAIT);
      mart.leave();
      await vi.waitFor(async () => expect(await a.agentsOnline()).toBe(0), WAIT);
    });
  });
}

// In one process the instances share the bus and the presence; each CaseEvents is an instance of its own.
describeCaseEvents('in process', async () => {
  const bus = createInProcessPubSub({ onError: quiet });
  const presence = createInProcessPresence();
  return { instance: async (entries) => createCaseEvents({ bus, presence, entries: entries.read, onError: quiet }), close: () => bus.close() };
});

let database: TestDatabase;
const pools: pg.Pool[] = [];
const buses: PostgresPubSub[] = [];
const closing: (() => Promise<void>)[] = [];

async function postgresInstance(entries: ReturnType<typeof sharedEntries>, name = `events-${buses.length}`) {
  const pool = createPool(database.url, { max: 2, onError: quiet });
  pools.push(pool);
  const bus = await createPostgresPubSub({ url: database.url, pool, applicationName: name, reconnectDelaysMs: [200], onError: quiet });
  buses.push(bus);
  const presence = createPostgresPresence({ pool, instanceId: name, onError: quiet });
  const events = createCaseEvents({ bus, presence, entries: entries.read, onError: quiet });
  closing.push(async () => {
    await events.close();
    await presence.close();
  });
  return { events, bus };
}

describeCaseEvents(
  'PostgreSQL',
  async () => {
    database = await createTestDatabase('case_events');
    const pool = createPool(database.url, { max: 1 });
    await migrate(pool, migrationFiles('003_presence.sql'));
    await pool.end();
    return {
      instance: async (entries) => (await postgresInstance(entries)).events,
      close: async () => {
        for (const close of closing.splice(0)) await close();
        for (const bus of buses.splice(0)) await bus.close();
        for (const p of pools.splice(0)) await p.end();
        await database.drop();
      },
    };
  },
  describePostgres,
);

describePostgres('case events when the listening connection is lost', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('case_events_lost');
    database = db;
    const pool = createPool(db.url, { max: 1 });
    await migrate(pool, migrationFiles('003_presence.sql'));
    await pool.end();
  });
  afterAll(async () => {
    for (const close of closing.splice(0)) await close();
    for (const bus of buses.splice(0)) await bus.close();
    for (const p of pools.splice(0)) await p.end();
    await db?.drop();
  });

  it('tells listeners to read again once A listens again after pg_terminate_backend', async () => {
    const entries = sharedEntries();
    const a = await postgresInstance(entries, 'case-events-a');
    const b = await postgresInstance(entries, 'case-events-b');
    let rereads = 0;
    a.events.onReconnect(() => {
      rereads += 1;
    });
    const onA = heard(a.events);
    await pools[1]?.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'case-events-a' AND datname = current_database()");
    await vi.waitFor(() => expect(a.bus.listening()).toBe(false), WAIT);
    // Published while A was away: lost as an event; the reconnect is the cue to read the queue again.
    b.events.publish({ type: 'queue', caseId: 'missed' });
    await vi.waitFor(() => expect(rereads).toBe(1), WAIT);
    b.events.publish({ type: 'queue', caseId: 'after' });
    await vi.waitFor(() => expect(onA.got).toEqual([{ type: 'queue', caseId: 'after' }]), WAIT);
    onA.leave();
  });
});
