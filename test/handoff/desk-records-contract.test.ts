import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { HistoryItem } from '../../bot/handoff/case-history.js';
import { admitCase } from '../../bot/handoff/handoff-intake.js';
import { waitEstimator } from '../../bot/handoff/wait-estimate.js';
import { deskEngines, describeEngines } from '../support/desk-engines.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const unique = () => randomBytes(6).toString('hex');

// Claim times, the per-client intake and the history of ended cases, on both engines.
describeEngines('desk records contract', deskEngines, (engine) => {
  it('claim times: one per case (the first), oldest first, from a time on, whichever instance wrote them', async () => {
    const [a, b] = [engine().open().claims, engine().open().claims];
    const c = unique();
    await a.add(`${c}-1`, at(0), at(10));
    await b.add(`${c}-2`, at(1), at(5));
    await b.add(`${c}-1`, at(0), at(30));
    expect(await a.since(at(4))).toEqual([at(5), at(10)]);
    expect(await b.since(at(6))).toEqual([at(10)]);
    // Three claims five minutes apart make an estimate (the median gap, per place in the queue).
    await a.add(`${c}-3`, at(2), at(15));
    const estimate = await waitEstimator(a, new Date(Date.parse(at(20))));
    expect(estimate(1)).toBe(5);
    expect(estimate(2)).toBe(10);
  });

  it('intake: admits a client at most the limit since a time, whichever instance asks; older cases stop counting', async () => {
    const [a, b] = [engine().open().intake, engine().open().intake];
    const client = `directline:${unique()}`;
    expect(await a.admit(client, at(-60), at(0), 2)).toBe(true);
    expect(await b.admit(client, at(-30), at(30), 2)).toBe(true);
    expect(await a.admit(client, at(-20), at(40), 2)).toBe(false);
    expect(await b.admit('someone else', at(-20), at(40), 2)).toBe(true);
    // From minute 1 on the case at 0 no longer counts: one place is free again, then none.
    expect(await b.admit(client, at(1), at(61), 2)).toBe(true);
    expect(await a.admit(client, at(2), at(62), 2)).toBe(false);
    const later = new Date(Date.parse(at(200)));
    expect(await admitCase(a, client, 1, later)).toBe(true);
    expect(await admitCase(b, client, 1, later)).toBe(false);
  });

  it('intake: of 20 requests of one client at the same moment on two instances, exactly the limit are admitted', async () => {
    const [a, b] = [engine().open().intake, engine().open().intake];
    const client = `directline:${unique()}`;
    const admitted = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).admit(client, at(500), at(501), 5)));
    expect(admitted.filter(Boolean)).toHaveLength(5);
  });

  const item = (over: Partial<HistoryItem> = {}): HistoryItem => ({
    caseId: `case-${unique()}`,
    endedAt: at(0),
    createdAt: at(-10),
    outcome: 'closed',
    locale: 'et',
    headline: 'kuidas kaardimakseid aktiveerida',
    ...over,
  });

  it('history: newest first, found by store, e-mail (any case), words by prefix without diacritics, and dates', async () => {
    const [a, b] = [engine().open().history, engine().open().history];
    const store = `store-${unique()}`;
    const chat = item({ storeId: store, endedAt: at(60), agent: 'Kadri' });
    const mail = item({ storeId: store, endedAt: at(120), outcome: 'answered', email: 'Jaan@Pood.LV', locale: 'en', headline: 'How do refunds work?' });
    await a.put(chat, 'API võtmed ei tööta\nKauplejal on Shopify pood, kaardimaksed katki');
    await b.put(mail, 'How do refunds work?\nRefunds are made in the Orders view. Write to jaan@pood.lv');
    const ids = async (query: Parameters<typeof a.search>[0]) => (await b.search({ storeId: store, ...query })).items.map((i) => i.caseId);
    expect((await a.search({ storeId: store })).items).toEqual([{ ...mail, email: 'jaan@pood.lv' }, chat]);
    expect(await ids({ email: ' JAAN@pood.lv' })).toEqual([mail.caseId]);
    expect(await ids({ text: 'votmed' })).toEqual([chat.caseId]);
    expect(await ids({ text: 'võti' })).toEqual([]);
    expect(await ids({ text: 'VÕTME kaardi' })).toEqual([chat.caseId]);
    expect(await ids({ text: 'shopify refunds' })).toEqual([]);
    expect(await ids({ text: 'refund order' })).toEqual([mail.caseId]);
    expect(await ids({ text: 'pood' })).toEqual([mail.caseId, chat.caseId]);
    expect(await ids({ text: 'kaardimaks")* OR' })).toEqual([]);
    expect(await ids({ text: 'kaardimaks")*' })).toEqual([chat.caseId]);
    expect(await ids({ from: at(61), to: at(121) })).toEqual([mail.caseId]);
    expect(await ids({ from: '2026-03-02', to: '2026-03-03' })).toEqual([mail.caseId, chat.caseId]);
    expect(await ids({ to: '2026-03-02' })).toEqual([]);
  });

  it('history: a case recorded again keeps its place, with its new words and outcome', async () => {
    const h = engine().open().history;
    const store = `store-${unique()}`;
    const first = item({ storeId: store, endedAt: at(200) });
    const second = item({ storeId: store, endedAt: at(201) });
    await h.put(first, 'makselink');
    await h.put(second, 'tagastus');
    await h.put({ ...first, endedAt: at(300), outcome: 'answered', agent: 'Mart' }, 'makselink järelmaks');
    const { items } = await h.search({ storeId: store });
    expect(items.map((i) => i.caseId)).toEqual([second.caseId, first.caseId]);
    expect(items[1]).toMatchObject({ outcome: 'answered', agent: 'Mart', endedAt: at(300) });
    expect((await h.search({ storeId: store, text: 'jarelmaks' })).items.map((i) => i.caseId)).toEqual([first.caseId]);
  });

  it('history: pages on without repeating or skipping a case', async () => {
    const h = engine().open().history;
    const store = `store-${unique()}`;
    const puts = Array.from({ length: 45 }, (_, i) => item({ storeId: store, caseId: `${store}-${String(i).padStart(2, '0')}`, endedAt: at(400 + i) }));
    for (const p of puts) await h.put(p, `tellimus ${p.caseId}`);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await h.search({ storeId: store, text: 'tellimus', after, limit: 20 });
      seen.push(...page.items.map((i) => i.caseId));
      after = page.next;
    } while (after);
    expect(seen).toEqual(puts.map((p) => p.caseId).reverse());
  });
});
