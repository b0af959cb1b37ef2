import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type agentApi, type openConsoleStream, type RunningSite, startSite, texts, waitFor, webMerchant, openDesk } from '../support/staff-site.js';

const CANCEL = { value: { action: 'cancelHandoff' } };

describe('limits on handoff cases', () => {
  let now = Date.parse('2026-11-26T10:00:00Z');
  let running: RunningSite;
  let agent: ReturnType<typeof agentApi>;
  let stream: Awaited<ReturnType<typeof openConsoleStream>>;

  beforeAll(async () => {
    running = await startSite({ HANDOFF_CASES_PER_HOUR: '2', HANDOFF_WAIT_MINUTES: '30' }, { now: () => new Date(now) });
    ({ agent, stream } = await openDesk(running.url));
  });
  afterAll(async () => {
    stream.close();
    await running.stop();
  });

  it('refuses a client’s third case within an hour, politely, and opens none', async () => {
    const merchant = await webMerchant(running.url);
    for (let i = 0; i < 2; i++) {
      expect(texts(await merchant.say('tahan inimesega rääkida')).join(' ')).toContain('järjekorras');
      await merchant.say('Tühista', CANCEL);
    }
    const before = (await agent.queue()).body.length;
    expect(texts(await merchant.say('tahan inimesega rääkida')).join(' ')).toContain('mitu korda inimest palunud');
    expect((await agent.queue()).body).toHaveLength(before);
    now += 61 * 60_000;
    expect(texts(await merchant.say('tahan inimesega rääkida')).join(' ')).toContain('järjekorras');
    await merchant.say('Tühista', CANCEL);
  });

  it('ends a chat nobody took in time, tells the merchant, and lets the bot answer again', async () => {
    const old = await webMerchant(running.url);
    await old.say('tahan inimesega rääkida');
    const oldCase = ((await agent.queue()).body as { id: string }[]).at(-1)?.id as string;
    now += 20 * 60_000;
    const fresh = await webMerchant(running.url);
    await fresh.say('tahan inimesega rääkida');
    now += 11 * 60_000;

    expect(await running.site.bot.handoff.expireWaiting()).toBe(1);
    const told = await waitFor(async () => texts(await old.read()).find((t) => t.includes('30 minuti jooksul')));
    expect(await told).toContain('sulgesin palve');
    const queue = (await agent.queue()).body as { id: string }[];
    expect(queue.map((c) => c.id)).not.toContain(oldCase);
    expect(queue).toHaveLength(1);
    await waitFor(() =>
      stream.events.find(
        (e) => e.event === 'item' && (e.data as { caseId: string; item: unknown }).caseId === oldCase && (e.data as { item: unknown }).item === null,
      ),
    );
    expect((await agent.detail(oldCase)).body.lines.at(-1)).toMatchObject({ kind: 'status', text: 'expired' });
    expect(texts(await old.say('kuidas makselinki teha')).join(' ')).not.toContain('järjekorras');
  });
});
