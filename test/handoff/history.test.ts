import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/storage/database.js';
import { createSqliteCaseHistory } from '../../bot/handoff/sqlite-case-history.js';
import { siteEngines } from '../support/desk-engines.js';
import { type agentApi, type openConsoleStream, type RunningSite, startSite, webMerchant, openDesk } from '../support/staff-site.js';

const STORE = 'a1b2c3d4-0000-4000-8000-000000000001';

for (const engine of siteEngines)
  engine.wrap(`the history of closed and answered cases: ${engine.name}`, () => {
    let running: RunningSite;
    let stores: Awaited<ReturnType<typeof engine.start>>;
    let agent: ReturnType<typeof agentApi>;
    let stream: Awaited<ReturnType<typeof openConsoleStream>>;
    let chatCase: string;
    let mailCase: string;

    beforeAll(async () => {
      stores = await engine.start();
      running = await startSite({}, stores.options);
      ({ agent, stream } = await openDesk(running.url));
      // A live chat from a known store: answered, noted, closed.
      const merchant = await webMerchant(running.url);
      await merchant.say('kuidas kaardimakseid aktiveerida', { channelData: { storeId: STORE } } as Partial<Activity>);
      await merchant.say('tahan inimesega rääkida', { channelData: { storeId: STORE } } as Partial<Activity>);
      chatCase = ((await agent.queue()).body as { id: string }[]).at(-1)?.id as string;
      await agent.claim(chatCase);
      await agent.send(chatCase, 'Aktiveeri kaardimaksed Partner Systemis, menüüs Maksemeetodid.');
      await agent.note(chatCase, 'Kauplejal on Shopify pood');
      await agent.close(chatCase);
      // A request left for e-mail, answered (no SMTP here: the answer is a draft, the case is answered all the same).
      stream.close();
      const later = await webMerchant(running.url, 'en-US');
      await later.say('I want to talk to a human');
      await later.say('Jaan@Pood.LV');
      await later.say('How do refunds work?');
      mailCase = ((await agent.queue()).body as { id: string; email?: string }[]).find((c) => c.email === 'Jaan@Pood.LV')?.id as string;
      await agent.claim(mailCase);
      await agent.send(mailCase, 'Refunds are made in the Orders view.');
    });
    afterAll(async () => {
      await running.stop();
      await stores.close();
    });

    const ids = async (query: Record<string, string>) => ((await agent.history(query)).body.items as { caseId: string }[]).map((i) => i.caseId);

    it('lists both, newest first, with the headline and the outcome', async () => {
      const { items } = (await agent.history()).body;
      expect(items).toMatchObject([
        { caseId: mailCase, outcome: 'answered', email: 'jaan@pood.lv', locale: 'en', headline: 'How do refunds work?', agent: 'Kadri' },
        { caseId: chatCase, outcome: 'closed', storeId: STORE, locale: 'et', headline: 'kuidas kaardimakseid aktiveerida', agent: 'Kadri' },
      ]);
    });

    it('finds a case by store id, e-mail (any case), words of the transcript, notes and answers, and date', async () => {
      expect(await ids({ store: STORE })).toEqual([chatCase]);
      expect(await ids({ email: 'JAAN@pood.lv' })).toEqual([mailCase]);
      expect(await ids({ q: 'menuus maksemeetod' })).toEqual([chatCase]);
      expect(await ids({ q: 'Shopify' })).toEqual([chatCase]);
      expect(await ids({ q: 'refunds Orders' })).toEqual([mailCase]);
      const today = new Date().toISOString().slice(0, 10);
      expect(await ids({ from: today, to: today })).toEqual([mailCase, chatCase]);
      expect(await ids({ to: '2020-01-01' })).toEqual([]);
      expect(await ids({ q: 'kaardimaks")*' })).toEqual([chatCase]);
    });

    it('opens a past case with its transcript, notes and e-mail answers', async () => {
      const chat = (await agent.detail(chatCase)).body;
      expect(chat.lines.map((l: { text: string }) => l.text)).toEqual(
        expect.arrayContaining(['kuidas kaardimakseid aktiveerida', 'Kauplejal on Shopify pood']),
      );
      const mail = (await agent.detail(mailCase)).body;
      expect(mail.mails).toMatchObject([{ to: 'Jaan@Pood.LV', status: 'draft' }]);
    });
  });

describe('the history with 100,000 cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  const db = openDatabase(dir);
  const history = createSqliteCaseHistory(db);
  const WORDS = ['kaardimaksed', 'makselink', 'tagastus', 'järelmaks', 'pangalink', 'api', 'võtmed', 'shopify', 'woocommerce', 'arve', 'payout', 'refund'];

  beforeAll(() => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const words = Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
        // The SQLite store writes synchronously inside; the promise is settled before the next put.
        void history.put(
          {
            caseId: `case-${i}`,
            endedAt: new Date(start + i * 300_000).toISOString(),
            createdAt: new Date(start + i * 300_000 - 600_000).toISOString(),
            outcome: i % 3 === 0 ? 'answered' : 'closed',
            storeId: `store-${i % 2000}`,
            email: i % 3 === 0 ? `merchant${i % 20000}@shop.ee` : undefined,
            locale: i % 2 ? 'et' : 'en',
            headline: `küsimus ${i}`,
            agent: 'Kadri',
          },
          `${words} tellimus${i}`,
        );
      }
    })();
  }, 120_000);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const timed = async (query: Parameters<typeof history.search>[0]) => {
    await history.search(query);
    const started = performance.now();
    const page = await history.search(query);
    return { page, ms: performance.now() - started };
  };

  it('shows the first page of every kind of search in under 100 ms', async () => {
    const searches = {
      newest: {},
      store: { storeId: 'store-1234' },
      email: { email: 'merchant777@shop.ee' },
      word: { text: 'tellimus99999' },
      'common word': { text: 'refund' },
      'two words, a month': { text: 'shopify makselink', from: '2025-06-01', to: '2025-07-01' },
    };
    const times: string[] = [];
    for (const [name, query] of Object.entries(searches)) {
      const { page, ms } = await timed(query);
      times.push(`${name} ${ms.toFixed(1)} ms (${page.items.length})`);
      expect(page.items.length, name).toBeGreaterThan(0);
      expect(ms, name).toBeLessThan(100);
    }
    console.info(`history, first page with 100,000 cases: ${times.join(', ')}`);
  });

  it('pages on without repeating or skipping a case', async () => {
    const first = await history.search({ storeId: 'store-42' });
    const second = await history.search({ storeId: 'store-42', after: first.next });
    expect(first.items).toHaveLength(20);
    // 50 cases per store, 2,000 cases apart: newest first.
    expect(first.items[0]?.caseId).toBe('case-98042');
    expect(second.items[0]?.caseId).toBe('case-58042');
    const all = [...first.items, ...second.items].map((i) => i.caseId);
    expect(new Set(all).size).toBe(all.length);
    const { ms } = await timed({ storeId: 'store-42', after: first.next });
    expect(ms).toBeLessThan(100);
  });
});
