import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type agentApi, type openConsoleStream, type RunningSite, startSite, webMerchant, openDesk } from '../support/staff-site.js';

const CANCEL = { value: { action: 'cancelHandoff' } };

describe('the case an agent opens', () => {
  let running: RunningSite;
  let agent: ReturnType<typeof agentApi>;
  let stream: Awaited<ReturnType<typeof openConsoleStream>>;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON as the console reads it
  let view: any;

  beforeAll(async () => {
    running = await startSite();
    ({ agent, stream } = await openDesk(running.url));
    const merchant = await webMerchant(running.url);
    await merchant.say('kuidas makselinki teha');
    await merchant.say('tahan inimesega rääkida');
    await merchant.say('kas keegi on seal?');
    await merchant.say('Tühista', CANCEL);
    // The request the agent takes: it begins here.
    await merchant.say('kuidas kaardimakseid aktiveerida');
    await merchant.say('kuidas makselinki teha');
    await merchant.say('tahan inimesega rääkida');
    const caseId = ((await agent.queue()).body as { id: string }[]).at(-1)?.id as string;
    view = (await agent.detail(caseId)).body;
  });
  afterAll(async () => {
    stream.close();
    await running.stop();
  });

  it('heads it with the first question of this request, not of the cancelled one', () => {
    expect(view.firstQuestion).toBe('kuidas kaardimakseid aktiveerida');
  });

  it('gives as best guess the bot’s answer to that question, with its title and confidence in words', () => {
    const title = running.site.bot.knowledge.current.content.topics.get('card-payments')?.get('et')?.title;
    expect(view.bestGuess).toEqual({ guideId: 'card-payments', title, confidence: expect.stringMatching(/^(sure|fairly|unsure)$/) });
  });

  it('lists a question asked again after the cancelled request once, with a count; messages to the queue are not questions', () => {
    expect(view.questions).toEqual([
      { text: 'kuidas makselinki teha', count: 2 },
      { text: 'tahan inimesega rääkida', count: 2 },
      { text: 'kuidas kaardimakseid aktiveerida', count: 1 },
    ]);
  });

  it('shows everything the merchant saw, queue notices included, each line once', () => {
    const texts = (view.lines as { kind: string; text: string }[]).map((l) => `${l.kind}: ${l.text}`);
    expect(texts.filter((t) => t.startsWith('bot: Oled järjekorras 1.'))).toHaveLength(2);
    expect(texts.filter((t) => t.startsWith('bot: Annan vestluse üle'))).toHaveLength(2);
    expect(texts.filter((t) => t === 'merchant: kas keegi on seal?')).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Sinu sõnum antakse edasi'))).toHaveLength(1);
    expect(texts.filter((t) => t === 'merchant: tahan inimesega rääkida')).toHaveLength(2);
    expect(new Set(view.lines.map((l: { at: string; text: string }) => `${l.at} ${l.text}`)).size).toBe(view.lines.length);
  });
});
