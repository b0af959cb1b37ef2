import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Coordination, createPostgresCoordination } from '../../bot/coordination.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { TURN_LOCK_SPACE } from '../../bot/turn/postgres-turn-lock.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

// What a merchant sees when an earlier message of the conversation holds it too long (here another instance's turn,
// stuck): a 503 to send again, and nothing of the message kept or answered; sent again later, it is answered.
describePostgres('a web chat message that waits too long for its conversation', () => {
  let database: TestDatabase;
  let server: WebServer;
  let holder: pg.Pool;
  let pool: pg.Pool;
  let coordination: Coordination;

  beforeAll(async () => {
    database = await createTestDatabase('busy_chat');
    const env = { DATABASE_URL: database.url, DIRECT_LINE_SECRET: 'busy-conversation-test-secret-0123456789' };
    pool = createPool(database.url, { max: 2 });
    await migrate(pool);
    // The instance's coordination with a short wait, so the test need not wait the default 10 s.
    coordination = await createPostgresCoordination({ url: database.url, pool, turnWaitMs: 500 });
    server = await startWebServer({ env, overrides: { coordination } });
    holder = createPool(database.url, { max: 1 });
  });
  afterAll(async () => {
    await server?.stop();
    await coordination?.close();
    await Promise.all([pool?.end(), holder?.end()]);
    await database?.drop();
  });

  it('is answered 503 with Retry-After, is not stored or answered, and goes through when sent again', async () => {
    const dl = rawDirectLine(server.url);
    const grant = await dl.open('en-US');
    const before = await dl.activities(grant);
    const client = await holder.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [TURN_LOCK_SPACE, grant.conversationId]);
      const refused = await dl.post(grant, { type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({ error: { code: 'ServiceUnavailable', message: expect.stringMatching(/still being answered/) } });
      expect(await dl.activities(grant)).toEqual(before);
    } finally {
      await client.query('SELECT pg_advisory_unlock_all()');
      client.release();
    }
    const sent = await dl.post(grant, { type: 'message', text: 'How do I activate card payments?', from: { id: 'merchant' } });
    expect(sent.status).toBe(200);
    const after = await dl.activities(grant);
    expect(after.filter((a) => a.type === 'message' && a.from.role === 'user').map((a) => a.text)).toEqual(['How do I activate card payments?']);
    expect(after.some((a) => a.from.role === 'bot' && a.channelData?.answer)).toBe(true);
  });

  it('over /api/messages too: 503 with Retry-After while another instance runs a turn of the conversation too long', async () => {
    const activity = {
      type: 'message',
      id: 'm1',
      text: 'How do I activate card payments?',
      channelId: 'emulator',
      serviceUrl: 'http://localhost:1',
      from: { id: 'u1' },
      recipient: { id: 'bot' },
      conversation: { id: 'api-busy' },
      deliveryMode: 'expectReplies',
    };
    const post = () => fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const client = await holder.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [TURN_LOCK_SPACE, 'api-busy']);
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({ error: expect.stringMatching(/still being answered/) });
    } finally {
      await client.query('SELECT pg_advisory_unlock_all()');
      client.release();
    }
    expect((await post()).status).toBe(200);
  });
});
