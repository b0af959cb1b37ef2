import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { HandoffCase, HandoffStore } from '../../bot/handoff/handoff-store.js';
import { deskEngines, describeEngines } from '../support/desk-engines.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const id = () => randomBytes(9).toString('base64url');

function newCase(over: Partial<HandoffCase> = {}): HandoffCase {
  return {
    id: id(),
    conversationId: `conv-${id()}`,
    channelId: 'directline',
    locale: 'et',
    status: 'waiting',
    packet: {
      reason: 'asked',
      locale: 'et',
      storeId: 'store-1',
      questions: ['kuidas kaardimakseid aktiveerida'],
      requestStart: 0,
      offered: [{ guideId: 'card-payments', kind: 'guide', confidence: 0.8, question: 0 }],
      feedback: [],
    },
    reference: { conversation: { id: 'conv', isGroup: false, conversationType: 'personal', name: '' }, serviceUrl: 'https://example.test' },
    transcript: [
      { type: 'message', text: 'kuidas kaardimakseid aktiveerida', timestamp: at(-60), from: { id: 'm', role: 'user' } },
    ] as unknown as HandoffCase['transcript'],
    createdAt: at(0),
    ...over,
  };
}

// What every HandoffStore must do, on SQLite (one process) and on PostgreSQL (each open() another instance).
describeEngines('HandoffStore contract', deskEngines, (engine) => {
  const store = (): HandoffStore => engine().open().store;

  it('keeps a case whole and finds it by id, by conversation while open, and in lists oldest first', async () => {
    const s = store();
    const c = newCase({ createdAt: at(1) });
    const older = newCase({ createdAt: at(0), status: 'collecting' });
    await s.create(c);
    await s.create(older);
    expect(await s.get(c.id)).toEqual(c);
    expect(await s.get('no such case')).toBeUndefined();
    expect(await s.openFor(c.conversationId)).toEqual(c);
    const listed = (await s.list(['waiting', 'collecting'])).map((x) => x.id);
    expect(listed.indexOf(older.id)).toBeLessThan(listed.indexOf(c.id));
    expect((await s.list(['filed'])).map((x) => x.id)).not.toContain(c.id);
  });

  it('changes a case only from the statuses it is asked to change it from (compare-and-set), merging the patch', async () => {
    const s = store();
    const c = newCase();
    await s.create(c);
    expect(await s.transition(c.id, ['active'], { status: 'closed' })).toBeUndefined();
    expect(await s.transition('no such case', ['waiting'], { status: 'active' })).toBeUndefined();
    const agent = { name: 'kadri', displayName: 'Kadri' };
    const claimed = await s.transition(c.id, ['waiting'], { status: 'active', agent, claimedAt: at(5) });
    expect(claimed).toEqual({ ...c, status: 'active', agent, claimedAt: at(5) });
    expect(await s.get(c.id)).toEqual(claimed);
    const noted = await s.transition(c.id, ['active'], { question: 'Kas Lätis ka?' });
    expect(noted).toMatchObject({ status: 'active', agent, question: 'Kas Lätis ka?' });
    await s.transition(c.id, ['active'], { status: 'closed', closedAt: at(9) });
    expect(await s.openFor(c.conversationId)).toBeUndefined();
    expect(await s.get(c.id)).toMatchObject({ status: 'closed', closedAt: at(9), agent, question: 'Kas Lätis ka?' });
  });

  it('numbers the queue: 1 for the chat waiting longest, one past its end for a case that is not waiting', async () => {
    const s = store();
    const before = (await s.list(['waiting'])).length;
    // Later than every other test's cases, two in the same millisecond: ids break the tie, as the list orders them.
    const [a, b, c] = [newCase({ createdAt: at(3600) }), newCase({ createdAt: at(3601) }), newCase({ createdAt: at(3601) })];
    for (const x of [c, a, b]) await s.create(x);
    const positions = await Promise.all([a, b, c].map((x) => s.position(x.id)));
    expect(positions[0]).toBe(before + 1);
    expect(new Set(positions.slice(1))).toEqual(new Set([before + 2, before + 3]));
    const listed = (await s.list(['waiting'])).map((x) => x.id);
    for (const x of [a, b, c]) expect(listed.indexOf(x.id) + 1).toBe(await s.position(x.id));
    await s.transition(a.id, ['waiting'], { status: 'active' });
    expect(new Set([await s.position(b.id), await s.position(c.id)])).toEqual(new Set([before + 1, before + 2]));
    expect(await s.position(a.id)).toBe(before + 3);
    for (const x of [b, c]) await s.transition(x.id, ['waiting'], { status: 'cancelled' });
  });

  it('keeps a case’s timeline in order, and hands out undelivered messages until they are marked delivered', async () => {
    const s = store();
    const c = newCase();
    await s.create(c);
    const said = await s.addEntry({ caseId: c.id, at: at(1), kind: 'merchant', author: '', text: 'Tere', delivered: true });
    const activity = { type: 'message', text: 'Olen Kadri', channelData: { agent: { displayName: 'Kadri' } } };
    const reply = await s.addEntry({ caseId: c.id, at: at(2), kind: 'agent', author: 'Kadri', text: 'Olen Kadri', delivered: false, activity });
    const note = await s.addEntry({ caseId: c.id, at: at(3), kind: 'note', author: 'Kadri', text: 'helistan', delivered: false });
    expect(reply.seq).toBeGreaterThan(said.seq);
    expect(await s.entries(c.id)).toEqual([said, { ...reply, activity }, note]);
    // Only entries with an activity are for the merchant.
    expect(await s.undelivered(c.conversationId)).toEqual([reply]);
    await s.markDelivered([reply.seq]);
    await s.markDelivered([]);
    expect(await s.undelivered(c.conversationId)).toEqual([]);
    expect((await s.entries(c.id))[1]).toMatchObject({ delivered: true });
  });

  it('calls a conversation idle only with neither an open case nor an undelivered message, whichever instance wrote them', async () => {
    const [a, b] = [store(), store()];
    const c = newCase();
    expect(await a.idle(c.conversationId)).toBe(true);
    await b.create(c);
    expect(await a.idle(c.conversationId)).toBe(false);
    await b.transition(c.id, ['waiting'], { status: 'active' });
    const notice = await b.addEntry({
      caseId: c.id,
      at: at(1),
      kind: 'status',
      author: 'Kadri',
      text: 'closed',
      delivered: false,
      activity: { type: 'message', text: 'Kadri lahkus' },
    });
    await b.transition(c.id, ['active'], { status: 'closed' });
    expect(await a.idle(c.conversationId)).toBe(false);
    await b.markDelivered([notice.seq]);
    expect(await a.idle(c.conversationId)).toBe(true);
    // A case opened again (on the other instance) after the conversation was seen idle.
    await b.create(newCase({ conversationId: c.conversationId }));
    expect(await a.idle(c.conversationId)).toBe(false);
  });

  it('claim race: 50 waiting cases, two instances claiming every one at once, each case exactly one winner', async () => {
    const [a, b] = [store(), store()];
    const cases = Array.from({ length: 50 }, (_, i) => newCase({ createdAt: at(7200 + i) }));
    for (const c of cases) await a.create(c);
    const claim = (s: HandoffStore, name: string, c: HandoffCase) =>
      s.transition(c.id, ['waiting'], { status: 'active', agent: { name, displayName: name }, claimedAt: at(7300) }).then((won) => (won ? name : undefined));
    const outcomes = await Promise.all(cases.flatMap((c) => [claim(a, 'ann', c), claim(b, 'bob', c)]));
    const winners = cases.map((_, i) => [outcomes[2 * i], outcomes[2 * i + 1]].filter(Boolean));
    expect(winners.every((w) => w.length === 1)).toBe(true);
    for (const [i, c] of cases.entries()) expect((await a.get(c.id))?.agent?.name).toBe(winners[i]?.[0]);
    console.info(`claim race: ${outcomes.filter((o) => o === 'ann').length} cases to ann, ${outcomes.filter((o) => o === 'bob').length} to bob`);
  });

  it('keeps what a merchant pasted, a NUL character included (U+FFFD where the engine cannot store it)', async () => {
    const s = store();
    const c = newCase({ conversationId: `conv-${id()}`, question: 'a\u0000b' });
    await s.create(c);
    expect(['a\u0000b', 'a\uFFFDb']).toContain((await s.get(c.id))?.question);
    await s.addEntry({ caseId: c.id, at: at(1), kind: 'merchant', author: '', text: 'x\u0000y', delivered: true });
    expect(['x\u0000y', 'x\uFFFDy']).toContain((await s.entries(c.id))[0]?.text);
  });
});
