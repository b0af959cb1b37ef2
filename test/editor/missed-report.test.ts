import { describe, expect, it } from 'vitest';
import { missedCsv } from '../../bot/editor/missed-csv.js';
import { buildMissedReport, MAX_MISSES } from '../../bot/editor/missed-report.js';
import { collectMisses } from '../../bot/storage/misses.js';
import { chat, testBot } from '../support/test-bot.js';

/** A bot whose clock moves a minute per recorded event, so the report's dates and order are known. */
function botWithClock() {
  let minute = 0;
  const parts = testBot({}, { now: () => new Date(Date.UTC(2026, 10, 20, 9, minute++)) });
  return parts;
}

const report = async (parts: ReturnType<typeof testBot>) =>
  buildMissedReport(
    parts.knowledge.current,
    (await parts.records.misses(MAX_MISSES)).map(({ seq: _seq, ...miss }) => miss),
  );

describe('what merchants missed, from turns recorded by the bot', () => {
  it('groups fallbacks, clarifications, 👎 and handoffs by similar question and language, newest first', async () => {
    const parts = botWithClock();
    const weather = chat(parts);
    expect((await weather.say('what is the weather in Tartu')).answer.kind).toBe('fallback');
    expect((await chat(parts).say("what's the weather like in Tartu today?")).answer.kind).toBe('fallback');

    const vague = chat(parts);
    expect((await vague.say('how do I turn it on')).answer.kind).toBe('clarify');

    const unhappy = chat(parts);
    expect((await unhappy.say('kuidas kaardimakseid aktiveerida')).answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
    await unhappy.run({ type: 'message', text: '👎 Ei', value: { action: 'feedback', guideId: 'card-payments', helpful: false } });

    const person = chat(parts);
    await person.say('kas saan Montonio kaudu laenu võtta');
    expect((await person.say('tahan rääkida inimesega')).answer.kind).toBe('handoff');

    const button = chat(parts);
    expect((await button.say('kas Montonio kaudu saab laenu võtta')).answer.kind).toBe('fallback');
    await button.run({ type: 'message', text: 'Räägi inimesega', value: { action: 'handoff' } });

    const groups = await report(parts);
    expect(groups.map((g) => [g.locale, g.question, g.count])).toEqual([
      ['et', 'kas Montonio kaudu saab laenu võtta', 4],
      ['et', 'kuidas kaardimakseid aktiveerida', 1],
      ['en', 'how do I turn it on', 1],
      ['en', "what's the weather like in Tartu today?", 2],
    ]);
    const [loan, cards, turnOn, weatherGroup] = groups;
    expect(loan?.kinds).toEqual({ fallback: 2, clarify: 0, notHelpful: 0, handoff: 2, afterGuide: 0, askedAgain: 0 });
    expect(loan?.examples).toEqual(['kas Montonio kaudu saab laenu võtta', 'kas saan Montonio kaudu laenu võtta']);
    expect(cards?.kinds).toEqual({ fallback: 0, clarify: 0, notHelpful: 1, handoff: 0, afterGuide: 0, askedAgain: 0 });
    expect(cards?.unhelpful).toEqual(['card-payments']);
    expect(turnOn?.kinds.clarify).toBe(1);
    expect(weatherGroup?.examples).toEqual(["what's the weather like in Tartu today?", 'what is the weather in Tartu']);
    expect(weatherGroup?.firstAt).toBe('2026-11-20T09:00:00.000Z');
    expect(weatherGroup?.lastAt).toBe('2026-11-20T09:01:00.000Z');
  });

  it('suggests the guide whose service the missed question names, with the ready front-matter line', async () => {
    const parts = botWithClock();
    // A question missed under older content: the report reads it again with today's guides.
    const missed = {
      conversationId: 'old',
      at: '2026-11-01T10:00:00.000Z',
      locale: 'en',
      question: 'how do I set up pay later',
      answer: { kind: 'fallback' as const, locale: 'en' },
    };
    const [group] = await buildMissedReport(parts.knowledge.current, collectMisses({ turns: [missed], feedback: [] }));
    expect(group?.suggestion).toMatchObject({
      guideId: 'financing-pay-later',
      file: 'content/guides/financing-pay-later.en.md',
      frontMatterLine: '  - how do I set up pay later',
    });
  });

  it('suggests no guide for a question that names no service', async () => {
    const parts = botWithClock();
    await chat(parts).say('how do I turn it on');
    expect((await report(parts))[0]?.suggestion).toBeUndefined();
  });

  it('lists likely wrong answers: a handoff right after a guide, and the same question asked again in other words', async () => {
    const parts = botWithClock();
    const handedOver = chat(parts);
    expect((await handedOver.say('how do I enable pay later')).answer.kind).toBe('guide');
    expect((await handedOver.say('let me talk to a human')).answer.kind).toBe('handoff');
    const again = chat(parts);
    expect((await again.say('kuidas makselinki saata')).answer.kind).toBe('guide');
    await again.say('kuidas ma saan kliendile makselingi saata');
    const groups = await report(parts);
    expect(groups.find((g) => g.question === 'how do I enable pay later')?.kinds.afterGuide).toBe(1);
    expect(groups.find((g) => g.question === 'kuidas makselinki saata')?.kinds.askedAgain).toBe(1);
  });

  it('downloads as CSV with one row per group, quoting what merchants typed', async () => {
    const parts = botWithClock();
    await chat(parts).say('=HYPERLINK("http://evil") "quoted", weather?');
    const csv = missedCsv(await report(parts));
    const [header, row] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(
      '"last_seen","first_seen","language","count","fallbacks","clarifications","not_helpful","handoffs","handed_over_after_guide","asked_again","question","other_wordings","answer_now","suggested_guide","suggested_file","front_matter_line"',
    );
    expect(row).toContain(`"'=HYPERLINK(""http://evil"") ""quoted"", weather?"`);
    expect(row).toMatch(/^"2026-11-20T09:00:00.000Z","2026-11-20T09:00:00.000Z","en","1","1","0","0","0","0","0"/);
  });
});
