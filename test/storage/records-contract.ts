import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../bot/knowledge/answer.js';
import type { Records, TurnRecord } from '../../bot/storage/records.js';
import type { ChatEngine } from './chat-engines.js';

/**
 * What every Records store must do: keep turns and feedback in order, and keep the editors' misses as they are
 * written (fallbacks, clarifications, 👎 against the question that got the guide, handoffs against the question asked
 * before, a guide likely wrong counted once), also when two instances record one conversation at once. Called by
 * test/storage/chat-stores-contract.test.ts once per engine.
 */
export function describeRecordsContract(name: string, engine: () => Promise<ChatEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`Records contract: ${name}`, () => {
    let current: ChatEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });
    const open = (): Records => current.open().records;
    // Each test writes conversations of its own; misses are read as the newest of those.
    const conversation = () => `rec-${randomBytes(6).toString('hex')}`;
    let clock = Date.parse('2026-03-01T09:00:00.000Z');
    const at = () => {
      clock += 1000;
      return new Date(clock).toISOString();
    };
    const turn = (conversationId: string, question: string, answer: Omit<Answer, 'locale'>, locale = 'et'): TurnRecord => ({
      conversationId,
      at: at(),
      locale,
      question,
      answer: { locale, ...answer },
    });
    const missesOf = async (records: Records, ...ids: string[]) => (await records.misses(1000)).filter((m) => ids.includes(m.conversationId));

    it('gives back turns and feedback as written, in order', async () => {
      const records = open();
      const id = conversation();
      const first = turn(id, 'kuidas kaardimakseid aktiveerida', { kind: 'guide', guideId: 'card-payments', confidence: 2.5 });
      const second = turn(id, 'aitäh 👍 "jutumärgid" ja \\ kaldkriips', { kind: 'smalltalk' });
      await records.addTurn(first);
      await records.addTurn(second);
      await records.addFeedback({ conversationId: id, at: at(), guideId: 'card-payments', locale: 'et', helpful: true });
      expect((await records.turns()).filter((t) => t.conversationId === id)).toEqual([first, second]);
      expect((await records.feedback()).filter((f) => f.conversationId === id)).toEqual([expect.objectContaining({ guideId: 'card-payments', helpful: true })]);
      expect(await missesOf(records, id)).toEqual([]);
    });

    it('keeps fallbacks and clarifications as misses, newest first, with the question and its time', async () => {
      const records = open();
      const id = conversation();
      const fallback = turn(id, 'kas saab laenu võtta', { kind: 'fallback' });
      const clarify = turn(id, 'kuidas aktiveerida', { kind: 'clarify', candidates: ['card-payments', 'bank-payments'] }, 'en');
      await records.addTurn(fallback);
      await records.addTurn(clarify);
      const misses = await missesOf(records, id);
      expect(misses.map(({ seq: _seq, ...m }) => m)).toEqual([
        { kind: 'clarify', at: clarify.at, locale: 'en', question: 'kuidas aktiveerida', conversationId: id },
        { kind: 'fallback', at: fallback.at, locale: 'et', question: 'kas saab laenu võtta', conversationId: id },
      ]);
      expect(misses[0]?.seq).toBeGreaterThan(misses[1]?.seq ?? Number.POSITIVE_INFINITY);
    });

    it('reads misses a page at a time, older than a given one', async () => {
      const records = open();
      const id = conversation();
      for (let i = 0; i < 5; i++) await records.addTurn(turn(id, `küsimus ${i}`, { kind: 'fallback' }));
      const newest = (await records.misses(2)).filter((m) => m.conversationId === id);
      expect(newest.map((m) => m.question)).toEqual(['küsimus 4', 'küsimus 3']);
      const older = await records.misses(2, newest[1]?.seq);
      expect(older.map((m) => m.question)).toEqual(['küsimus 2', 'küsimus 1']);
    });

    it('counts a 👎 against the question that got the guide, and a 👍 not at all', async () => {
      const records = open();
      const id = conversation();
      await records.addTurn(turn(id, 'kuidas makselinki teha', { kind: 'guide', guideId: 'payment-links' }));
      await records.addTurn(turn(id, 'ja kaardimakseid?', { kind: 'guide', guideId: 'card-payments' }));
      await records.addFeedback({ conversationId: id, at: at(), guideId: 'payment-links', locale: 'et', helpful: false });
      await records.addFeedback({ conversationId: id, at: at(), guideId: 'card-payments', locale: 'et', helpful: true });
      await records.addFeedback({ conversationId: id, at: at(), guideId: 'never-shown', locale: 'et', helpful: false });
      expect((await missesOf(records, id)).map((m) => [m.kind, m.question, m.guideId])).toEqual([
        ['notHelpful', '', 'never-shown'],
        ['notHelpful', 'kuidas makselinki teha', 'payment-links'],
      ]);
    });

    it('counts a handoff against the question asked before it, and the guide just given as likely wrong, once', async () => {
      const records = open();
      const id = conversation();
      await records.addTurn(turn(id, 'kuidas kaardimakseid aktiveerida', { kind: 'guide', guideId: 'card-payments' }));
      await records.addTurn(turn(id, 'tahan inimesega rääkida', { kind: 'handoff' }));
      await records.addHandoff({ conversationId: id, at: at(), locale: 'et' });
      await records.addHandoff({ conversationId: id, at: at(), locale: 'et' });
      expect((await missesOf(records, id)).map((m) => [m.kind, m.question, m.guideId])).toEqual([
        ['handoff', 'kuidas kaardimakseid aktiveerida', undefined],
        ['handoff', 'kuidas kaardimakseid aktiveerida', undefined],
        ['afterGuide', 'kuidas kaardimakseid aktiveerida', 'card-payments'],
      ]);
    });

    it('counts a guide as likely wrong when the same question comes again in other words', async () => {
      const records = open();
      const id = conversation();
      await records.addTurn(turn(id, 'kuidas kaardimakseid aktiveerida poes', { kind: 'guide', guideId: 'bank-payments' }));
      await records.addTurn(turn(id, 'kaardimakseid aktiveerida ei õnnestu', { kind: 'fallback' }));
      await records.addTurn(turn(id, 'kaardimakseid aktiveerida ikka ei saa', { kind: 'fallback' }));
      expect((await missesOf(records, id)).map((m) => [m.kind, m.guideId])).toEqual([
        ['fallback', undefined],
        ['askedAgain', 'bank-payments'],
        ['fallback', undefined],
      ]);
    });

    it('two instances recording one conversation at once count a wrong guide once and lose no turn', async () => {
      const [a, b] = [open(), open()];
      const ids = Array.from({ length: 8 }, conversation);
      await Promise.all(ids.map((id) => a.addTurn(turn(id, 'kuidas kaardimakseid aktiveerida', { kind: 'guide', guideId: 'card-payments' }))));
      await Promise.all(
        ids.flatMap((id) => [
          a.addTurn(turn(id, 'tahan inimest', { kind: 'handoff' })),
          b.addTurn(turn(id, 'palun inimest', { kind: 'handoff' })),
          a.addHandoff({ conversationId: id, at: at(), locale: 'et' }),
          b.addHandoff({ conversationId: id, at: at(), locale: 'et' }),
        ]),
      );
      const misses = await missesOf(a, ...ids);
      for (const id of ids) {
        const of = misses.filter((m) => m.conversationId === id);
        expect(of.filter((m) => m.kind === 'afterGuide')).toHaveLength(1);
        expect(of.filter((m) => m.kind === 'handoff')).toHaveLength(2);
      }
      expect((await b.turns()).filter((t) => ids.includes(t.conversationId))).toHaveLength(3 * ids.length);
    });
  });
}
