import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStaffStores } from '../../bot/auth/postgres-staff-stores.js';
import { createPostgresDeskStores } from '../../bot/handoff/postgres-desk-stores.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { apiMerchant, type RunningSite, startSite, texts, waitFor } from '../support/staff-site.js';

// A handoff case and the webhook delivery that reports it are one write: on SQLite the tick's transaction, on
// PostgreSQL one transaction. A delivery that cannot be stored leaves no case the helpdesk would never hear of.
describePostgres('a handoff case and its webhook delivery', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let running: RunningSite;
  const received: { caseId: string; event: string }[] = [];
  const helpdesk = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });

  beforeAll(async () => {
    database = await createTestDatabase('case_delivery');
    pool = createPool(database.url, { max: 4 });
    await migrate(pool);
    await new Promise<void>((resolve) => helpdesk.listen(0, '127.0.0.1', resolve));
    running = await startSite(
      { HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}/in`, HANDOFF_WEBHOOK_SECRET: 'a webhook secret of some length' },
      { deskStores: createPostgresDeskStores(pool), staffStores: (options) => createPostgresStaffStores(pool, options) },
    );
  });
  afterAll(async () => {
    await running?.stop();
    await pool?.end();
    helpdesk.close();
    await database?.drop();
  });

  // This database is this file's alone: every delivery in it is one of this test's (a sent one's body is emptied).
  const rows = async (conversationId: string) => {
    const cases = await pool.query<{ id: string }>('SELECT id FROM handoff_cases WHERE conversation_id = $1', [conversationId]);
    const deliveries = await pool.query<{ event: string }>('SELECT event FROM webhook_outbox ORDER BY id');
    return { cases: cases.rows.map((r) => r.id), deliveries: deliveries.rows.map((r) => r.event) };
  };

  it('on PostgreSQL: when the delivery cannot be written, neither is kept; when it can, both are, and the helpdesk gets it', async () => {
    await pool.query(`CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$;
      CREATE TRIGGER refuse_delivery BEFORE INSERT ON webhook_outbox FOR EACH ROW EXECUTE FUNCTION refuse_delivery()`);
    const merchant = apiMerchant(running.url);
    // The turn fails with the apology: nothing says a person will answer.
    expect(texts(await merchant.say('tahan inimesega rääkida')).join(' ')).not.toMatch(/järjekorras|e-posti/);
    expect(await rows(merchant.conversationId)).toEqual({ cases: [], deliveries: [] });

    await pool.query('DROP TRIGGER refuse_delivery ON webhook_outbox');
    await merchant.say('tahan inimesega rääkida');
    const { cases, deliveries } = await rows(merchant.conversationId);
    expect(cases).toHaveLength(1);
    expect(deliveries).toEqual(['handoff.initiate']);
    await waitFor(() => received.length > 0);
    expect(received).toEqual([expect.objectContaining({ event: 'handoff.initiate', caseId: cases[0] })]);
  });
});
