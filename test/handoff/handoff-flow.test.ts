import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { siteEngines } from '../support/desk-engines.js';
import { agentApi, apiMerchant, openConsoleStream, type RunningSite, signIn, startSite, texts, waitFor, webMerchant } from '../support/staff-site.js';

const answerOf = (activities: Activity[]) => activities.map((a) => (a.channelData as { answer?: { kind: string } } | undefined)?.answer).find(Boolean);

// The whole flow with the desk's and staff's stores on each engine.
for (const engine of siteEngines)
  engine.wrap(`a handoff while agents are online: ${engine.name}`, () => {
    let running: RunningSite;
    let kadri: ReturnType<typeof agentApi>;
    let mart: ReturnType<typeof agentApi>;
    let stream: Awaited<ReturnType<typeof openConsoleStream>>;
    let stores: Awaited<ReturnType<typeof engine.start>>;

    beforeAll(async () => {
      stores = await engine.start();
      running = await startSite({}, stores.options);
      const session = await signIn(running.url, 'kadri');
      kadri = agentApi(running.url, session);
      mart = agentApi(running.url, await signIn(running.url, 'mart'));
      stream = await openConsoleStream(running.url, session);
    });
    afterAll(async () => {
      stream.close();
      await running.stop();
      await stores.close();
    });

    async function handOff(merchant: { say: (text: string) => Promise<Activity[]> }) {
      await merchant.say('kuidas kaardimakseid aktiveerida');
      const replies = await merchant.say('tahan inimesega rääkida');
      const queue = (await kadri.queue()).body as { id: string }[];
      return { replies, caseId: (queue.at(-1) as { id: string }).id };
    }

    it('tells the merchant their place in the queue, with a way to cancel', async () => {
      const merchant = apiMerchant(running.url);
      const { replies } = await handOff(merchant);
      const initiate = replies.find((r) => r.type === 'event' && r.name === 'handoff.initiate');
      expect(initiate).toMatchObject({ localTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      const waiting = replies.find((r) => r.text?.includes('järjekorras'));
      expect(waiting?.text).toMatch(/Oled järjekorras \d+/);
      expect(waiting?.suggestedActions?.actions[0]?.value).toEqual({ action: 'cancelHandoff' });
    });

    it('counts places in the queue: the next merchant is one further back, and moves up when a chat ahead is taken', async () => {
      const place = (replies: Activity[]) => Number(/järjekorras (\d+)/.exec(texts(replies).join(' '))?.[1]);
      const first = await handOff(apiMerchant(running.url));
      const second = apiMerchant(running.url);
      const { replies } = await handOff(second);
      expect(place(replies)).toBe(place(first.replies) + 1);
      expect((await kadri.claim(first.caseId)).status).toBe(200);
      expect(place(await second.say('kas keegi on seal?'))).toBe(place(replies) - 1);
    });

    it('keeps the bot silent while an agent owns the chat, and passes the merchant’s words to the agent', async () => {
      const merchant = apiMerchant(running.url);
      const { caseId } = await handOff(merchant);
      expect((await kadri.claim(caseId)).status).toBe(200);
      const replies = await merchant.say('kuidas kaardimakseid aktiveerida');
      expect(answerOf(replies)).toBeUndefined();
      expect(texts(replies).join(' ')).toContain('Kadri meie klienditoest liitus vestlusega');
      expect(texts(replies).join(' ')).not.toContain('Aktiveeri');
      const line = await waitFor(() =>
        stream.events.find(
          (e) => e.event === 'entry' && (e.data as { caseId: string }).caseId === caseId && (e.data as { line: { kind: string } }).line.kind === 'merchant',
        ),
      );
      expect((line.data as { line: { text: string } }).line.text).toBe('kuidas kaardimakseid aktiveerida');
    });

    it('refuses a second agent’s claim on a taken chat', async () => {
      const { caseId } = await handOff(apiMerchant(running.url));
      expect((await kadri.claim(caseId)).status).toBe(200);
      const second = await mart.claim(caseId);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ problem: 'takenBy', by: 'Kadri' });
      expect((await mart.send(caseId, 'tere')).status).toBe(403);
      expect((await kadri.detail(caseId)).body.agent).toMatchObject({ name: 'kadri' });
    });

    it('returns the merchant to the bot when they cancel the wait', async () => {
      const merchant = apiMerchant(running.url);
      const { caseId } = await handOff(merchant);
      const cancelled = await merchant.say('Tühista', { value: { action: 'cancelHandoff' } });
      expect(texts(cancelled).join(' ')).toContain('tühistasin palve');
      expect(cancelled.some((r) => r.name === 'handoff.status' && (r.value as { state: string }).state === 'failed')).toBe(true);
      expect((await kadri.claim(caseId)).status).toBe(409);
      const again = await merchant.say('kuidas kaardimakseid aktiveerida');
      expect(answerOf(again)).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
    });

    it('delivers the agent’s reply and a guide live into the widget’s conversation, and hands back to the bot on close', async () => {
      const merchant = await webMerchant(running.url);
      const { caseId } = await handOff(merchant);
      await kadri.claim(caseId);
      expect(texts(await merchant.read())).toEqual(['Kadri meie klienditoest liitus vestlusega.']);
      await kadri.send(caseId, 'Tere! Vaatan kohe üle.');
      await kadri.guide(caseId, 'card-payments');
      const received = await merchant.read();
      expect(received[0]?.text).toBe('Tere! Vaatan kohe üle.');
      expect(received[1]?.text).toContain('Kaardimaksed');
      await kadri.note(caseId, 'kaupmehel on vana leping');
      expect(await merchant.read()).toEqual([]);
      const detail = (await kadri.detail(caseId)).body as { lines: { kind: string; text: string }[] };
      expect(detail.lines.find((l) => l.kind === 'note')?.text).toBe('kaupmehel on vana leping');
      await kadri.close(caseId);
      expect(texts(await merchant.read())).toEqual(['Kadri lahkus vestlusest. Olen tagasi: kui veel midagi tekib, küsi minult.']);
      const back = await merchant.say('kuidas makselinki teha');
      expect(answerOf(back)).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
    });

    it('shows the queue with language, store, first question, best guess and waiting time', async () => {
      const merchant = apiMerchant(running.url);
      await merchant.say('where do I find my API keys', {
        locale: 'en-US',
        channelData: { storeId: 'a1b2c3d4-0000-4000-8000-000000000001' },
      } as Partial<Activity>);
      await merchant.say('I want to talk to a human', { locale: 'en-US' } as Partial<Activity>);
      const queue = (await kadri.queue()).body as Record<string, unknown>[];
      expect(queue.at(-1)).toMatchObject({
        status: 'waiting',
        locale: 'en',
        storeId: 'a1b2c3d4-0000-4000-8000-000000000001',
        firstQuestion: 'where do I find my API keys',
        bestGuess: { guideId: 'api-keys' },
      });
      expect(typeof queue.at(-1)?.waitingSeconds).toBe('number');
    });
  });
