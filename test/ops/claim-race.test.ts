import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { inParallel, type Instances, NO_RATE_LIMITS, startInstances } from '../support/instances.js';
import { describePostgres } from '../support/postgres.js';
import { openSharedChat, type SharedChat } from '../support/shared-chat.js';
import { agentApi, openConsoleStream, STAFF_USERS, signIn, waitFor } from '../support/staff-site.js';

const CASES = 50;
const AGENTS = { kadri: 'Kadri', mart: 'Mart Mets' } as const;
const JOINED = / from our support team has joined the chat\.$/;

describePostgres('claim race: two agents on two instances claim the same 50 waiting cases at once', () => {
  let instances: Instances;
  let pool: pg.Pool;

  beforeAll(async () => {
    // Always open, so a merchant who asks for a person waits for one while an agent is online.
    instances = await startInstances({ label: 'claims', env: () => ({ ...NO_RATE_LIMITS, STAFF_USERS, SUPPORT_HOURS: '' }) });
    pool = createPool(instances.database.url, { max: 2 });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    const codes = await instances?.stop();
    if (codes) expect(codes).toEqual([0, 0]);
  });

  it('each case has exactly one winner, the other agent is told who took it, and each merchant sees one “joined” message', { timeout: 120_000 }, async () => {
    const [a, b] = instances.bots.map((bot) => bot.url) as [string, string];
    // Kadri signs in on A, Mart on B; each has the console open there, so both count as online on both instances.
    const kadriSession = await signIn(a, 'kadri');
    const martSession = await signIn(b, 'mart');
    const streams = [await openConsoleStream(a, kadriSession), await openConsoleStream(b, martSession)];
    const kadri = agentApi(a, kadriSession);
    const mart = agentApi(b, martSession);

    // Fifty merchants ask for a person, each through a real web chat, half of them on each instance.
    const started = Date.now();
    const chats = await inParallel(
      Array.from({ length: CASES }, (_, i) => i),
      10,
      async (i): Promise<SharedChat> => {
        const here = i % 2 ? b : a;
        const chat = await openSharedChat(here, here);
        expect((await chat.post(here, 'I want to talk to a person')).status).toBe(200);
        return chat;
      },
    );
    const openingMs = Date.now() - started;
    const queue = await waitFor(
      async () => {
        const { body } = await kadri.queue();
        const waiting = (body as { id: string; status: string }[]).filter((c) => c.status === 'waiting');
        return waiting.length === CASES && waiting;
      },
      20_000,
      'the fifty cases in the queue',
    );
    const { rows } = await pool.query<{ id: string; conversation_id: string }>('SELECT id, conversation_id FROM handoff_cases');
    expect(rows).toHaveLength(CASES);
    const caseOf = new Map(rows.map((row) => [row.conversation_id, row.id]));
    expect(new Set(chats.map((chat) => caseOf.get(chat.conversationId))).size).toBe(CASES);

    // Both agents claim every case at once: a hundred requests in flight, A's and B's interleaved.
    const claims = await Promise.all(queue.map(async (c) => ({ id: c.id, results: await Promise.all([kadri.claim(c.id), mart.claim(c.id)]) })));
    const winners = new Map<string, string>();
    for (const { id, results } of claims) {
      const [byKadri, byMart] = results;
      expect([byKadri.status, byMart.status].sort(), `case ${id}`).toEqual([200, 409]);
      const winner = byKadri.status === 200 ? 'kadri' : 'mart';
      const [won, lost] = winner === 'kadri' ? [byKadri, byMart] : [byMart, byKadri];
      expect(won.body).toMatchObject({ id, status: 'active', agent: { name: winner } });
      expect(lost.body).toMatchObject({ problem: 'takenBy', by: AGENTS[winner] });
      winners.set(id, winner);
    }
    // Claiming again changes nothing: the owner is told it is theirs, the other that it is taken.
    const again = queue[0]?.id as string;
    const owner = winners.get(again) === 'kadri' ? kadri : mart;
    const other = owner === kadri ? mart : kadri;
    expect((await owner.claim(again)).status).toBe(200);
    expect((await other.claim(again)).status).toBe(409);

    // Each merchant: one "joined" message, naming the agent who won that case, whichever instance the chat is read on.
    await inParallel(chats, 10, async (chat, i) => {
      const log = await chat.since(i % 2 ? a : b, 0);
      const joined = log.activities.filter((activity) => activity.type === 'message' && JOINED.test(activity.text ?? ''));
      const winner = winners.get(caseOf.get(chat.conversationId) as string) as keyof typeof AGENTS;
      expect(
        joined.map((activity) => activity.text),
        chat.conversationId,
      ).toEqual([`${AGENTS[winner]} from our support team has joined the chat.`]);
    });
    // Nobody is left waiting, and the cases are split as the claims said.
    expect((await mart.queue()).body.filter((c: { status: string }) => c.status === 'waiting')).toEqual([]);
    const { rows: owners } = await pool.query<{ agent: string; n: number }>(
      "SELECT data->'agent'->>'name' AS agent, count(*)::int AS n FROM handoff_cases WHERE status = 'active' GROUP BY 1 ORDER BY 1",
    );
    const won = (name: string) => [...winners.values()].filter((w) => w === name).length;
    expect(owners.filter((o) => o.n > 0)).toEqual(
      [
        { agent: 'kadri', n: won('kadri') },
        { agent: 'mart', n: won('mart') },
      ].filter((o) => o.n > 0),
    );
    for (const stream of streams) stream.close();
    console.log(`${CASES} cases opened through web chats in ${openingMs} ms; Kadri won ${won('kadri')}, Mart ${won('mart')}`);
  });
});
