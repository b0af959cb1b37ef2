import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type agentApi, type openConsoleStream, type RunningSite, startSite, texts, waitFor, webMerchant, openDesk } from '../support/staff-site.js';

const MINUTE = 60_000;

describe('the waiting merchant’s place in the queue and expected wait', () => {
  let now = Date.parse('2026-11-26T10:00:00Z');
  let running: RunningSite;
  let agent: ReturnType<typeof agentApi>;
  let stream: Awaited<ReturnType<typeof openConsoleStream>>;

  beforeAll(async () => {
    running = await startSite({}, { now: () => new Date(now) });
    ({ agent, stream } = await openDesk(running.url));
  });
  afterAll(async () => {
    stream.close();
    await running.stop();
  });

  const handOff = async () => {
    // A second apart, as merchants are: the queue's order is the order of arrival.
    now += 1000;
    const merchant = await webMerchant(running.url);
    const told = texts(await merchant.say('tahan inimesega rääkida')).join(' ');
    const caseId = ((await agent.queue()).body as { id: string }[]).at(-1)?.id as string;
    return { merchant, told, caseId };
  };

  it('promises no wait while there is too little data', async () => {
    const { told, caseId } = await handOff();
    expect(told).toContain('Oled järjekorras 1.');
    expect(told).not.toContain('ooteaeg');
    await agent.claim(caseId);
  });

  it('gives the expected wait from recent claims, and pushes the new place when a chat ahead is taken', async () => {
    // Chats taken two minutes apart: the median gap is 2 minutes a place.
    for (let i = 0; i < 2; i++) {
      now += 2 * MINUTE;
      await agent.claim((await handOff()).caseId);
    }
    const first = await handOff();
    const second = await handOff();
    expect(first.told).toContain('Oled järjekorras 1. Kolleeg liitub vestlusega peagi. Eeldatav ooteaeg on umbes 2 min.');
    expect(second.told).toContain('Oled järjekorras 2. Kolleeg liitub vestlusega peagi. Eeldatav ooteaeg on umbes 4 min.');

    now += MINUTE;
    const pushedAt = Date.now();
    await agent.claim(first.caseId);
    const pushed = await waitFor(async () => texts(await second.merchant.read()).find((t) => t.includes('järjekorras')));
    expect(await pushed).toBe('Oled nüüd järjekorras 1. Eeldatav ooteaeg on umbes 2 min.');
    console.info(`queue position pushed ${Date.now() - pushedAt} ms after the claim`);
    const lines = (await agent.detail(second.caseId)).body.lines as { kind: string; text: string }[];
    expect(lines.filter((l) => l.kind === 'bot' && l.text.includes('järjekorras')).map((l) => l.text)).toEqual([
      'Oled järjekorras 2. Kolleeg liitub vestlusega peagi. Eeldatav ooteaeg on umbes 4 min.',
      'Oled nüüd järjekorras 1. Eeldatav ooteaeg on umbes 2 min.',
    ]);
    await agent.claim(second.caseId);
  });

  it('sends the console one case’s change at a time, never the whole queue again', () => {
    expect(stream.events.filter((e) => e.event === 'queue')).toHaveLength(1);
    const items = stream.events.filter((e) => e.event === 'item');
    expect(items.length).toBeGreaterThan(5);
    for (const e of items) expect(Object.keys(e.data as object).sort()).toEqual(['caseId', 'item']);
  });
});
