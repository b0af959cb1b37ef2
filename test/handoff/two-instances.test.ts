import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStaffStores } from '../../bot/auth/postgres-staff-stores.js';
import { createPostgresDeskStores } from '../../bot/handoff/postgres-desk-stores.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { agentApi, apiMerchant, openConsoleStream, type RunningSite, signIn, startSite, texts, waitFor } from '../support/staff-site.js';

// Two whole sites (two "instances") whose desk and staff stores share one PostgreSQL database: the agent desk works
// whichever instance the agent and the merchant reach. (Each site keeps its own SQLite file for the rest here; the
// console's live events are per process until they go over pub/sub.)
describePostgres('the agent desk on two instances sharing PostgreSQL', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const sites: RunningSite[] = [];
  const webhookBodies: string[] = [];
  const helpdesk = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      webhookBodies.push(body);
      res.writeHead(200).end();
    });
  });

  beforeAll(async () => {
    database = await createTestDatabase('two_sites');
    await new Promise<void>((resolve) => helpdesk.listen(0, '127.0.0.1', resolve));
    const env = {
      HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}/in`,
      HANDOFF_WEBHOOK_SECRET: 'a webhook secret of some length',
    };
    for (let i = 0; i < 2; i++) {
      const pool = createPool(database.url, { max: 5 });
      pools.push(pool);
      await migrate(pool);
      sites.push(await startSite(env, { deskStores: createPostgresDeskStores(pool), staffStores: (options) => createPostgresStaffStores(pool, options) }));
    }
  });
  afterAll(async () => {
    for (const site of sites) await site.stop();
    await Promise.all(pools.map((pool) => pool.end()));
    helpdesk.close();
    await database?.drop();
  });

  it('a case opened on A is in B’s queue; agents claiming it at once on A and B: one wins; the answer from B reaches the merchant on A', async () => {
    const [a, b] = sites as [RunningSite, RunningSite];
    const kadri = await signIn(a.url, 'kadri');
    // Signed in on A, signed in on B: the session is shared.
    const kadriOnB = agentApi(b.url, kadri);
    expect((await kadriOnB.queue()).status).toBe(200);
    const stream = await openConsoleStream(a.url, kadri);
    const merchant = apiMerchant(a.url);
    await merchant.say('kuidas kaardimakseid aktiveerida');
    expect(texts(await merchant.say('tahan inimesega rääkida')).join(' ')).toMatch(/järjekorras 1/);
    const queued = ((await kadriOnB.queue()).body as { id: string; status: string; firstQuestion: string }[])[0];
    expect(queued).toMatchObject({ status: 'waiting', firstQuestion: 'kuidas kaardimakseid aktiveerida' });
    const caseId = queued?.id as string;

    const mart = agentApi(b.url, await signIn(b.url, 'mart'));
    const kadriOnA = agentApi(a.url, kadri);
    const [byKadri, byMart] = await Promise.all([kadriOnA.claim(caseId), mart.claim(caseId)]);
    expect([byKadri.status, byMart.status].sort()).toEqual([200, 409]);
    const winner = byKadri.status === 200 ? kadriOnB : mart;
    const winnerName = byKadri.status === 200 ? 'Kadri' : 'Mart Mets';
    expect((byKadri.status === 200 ? byMart : byKadri).body).toMatchObject({ problem: 'takenBy', by: winnerName });

    // The winner answers on B; the merchant's conversation is on A, which has no way to push it: it goes out with the
    // merchant's next turn there, and what the merchant wrote is in the case on B.
    await winner.send(caseId, 'Tere, vaatan kohe.');
    const replies = texts(await merchant.say('kas olete seal?'));
    expect(replies).toContain('Tere, vaatan kohe.');
    const lines = ((await winner.detail(caseId)).body.lines as { text: string }[]).map((l) => l.text);
    expect(lines).toEqual(expect.arrayContaining(['kas olete seal?', 'Tere, vaatan kohe.']));
    expect(texts(await merchant.say('aitäh'))).not.toContain('Tere, vaatan kohe.');

    // Both instances run a webhook sender: the packet went out once.
    await Promise.all(sites.map((site) => site.site.bot.handoff.webhook.drain()));
    await waitFor(() => webhookBodies.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(webhookBodies.map((body) => JSON.parse(body)).filter((p) => p.caseId === caseId)).toHaveLength(1);
    stream.close();
  });
});
