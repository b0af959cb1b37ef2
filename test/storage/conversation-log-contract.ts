import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationLog, Stamp } from '../../bot/storage/conversation-log.js';
import type { ChatEngine } from './chat-engines.js';

const stamp: Stamp = (activity, seq) =>
  ({ ...activity, id: `x|${String(seq).padStart(7, '0')}`, timestamp: new Date(Date.UTC(2026, 2, 1, 9, 0, seq)).toISOString() }) as unknown as Activity;
const message = (text: string) => ({ type: 'message', text }) as Partial<Activity>;
const seqOf = (activity: Activity) => Number((activity.id ?? '').split('|')[1]);

/**
 * What every conversation log of the web channel must do: conversations that start once and end, activities numbered
 * in order without gaps or repeats however many instances append at once, and a watermark a reader can follow without
 * ever skipping an activity. Called by test/storage/chat-stores-contract.test.ts once per engine.
 */
export function describeConversationLogContract(
  name: string,
  engine: () => Promise<ChatEngine>,
  wrap: (name: string, body: () => void) => void = describe,
): void {
  wrap(`ConversationLog contract: ${name}`, () => {
    let current: ChatEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });
    const open = (): ConversationLog => current.open().log;
    const created = async (log: ConversationLog, createdAt = '2026-03-01T08:00:00.000Z') => {
      const id = `log-${randomBytes(6).toString('hex')}`;
      await log.create({ id, userId: `dl_${id}`, createdAt });
      return id;
    };

    it('keeps a conversation: who, when it was created, started and ended; nothing for an unknown id', async () => {
      const log = open();
      const id = await created(log);
      expect(await log.get(id)).toEqual({ id, userId: `dl_${id}`, createdAt: '2026-03-01T08:00:00.000Z', startedAt: undefined, endedAt: undefined });
      expect(await log.markStarted(id, '2026-03-01T08:00:01.000Z')).toBe(true);
      expect(await log.markStarted(id, '2026-03-01T08:00:02.000Z')).toBe(false);
      await log.markEnded(id, '2026-03-01T08:05:00.000Z');
      await log.markEnded(id, '2026-03-01T08:06:00.000Z');
      expect(await log.get(id)).toMatchObject({ startedAt: '2026-03-01T08:00:01.000Z', endedAt: '2026-03-01T08:05:00.000Z' });
      expect(await log.get('no-such-conversation')).toBeUndefined();
    });

    it('is started by exactly one of many calls on two instances at once', async () => {
      const [a, b] = [open(), open()];
      const id = await created(a);
      const started = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).markStarted(id, '2026-03-01T08:00:01.000Z')));
      expect(started.filter(Boolean)).toHaveLength(1);
    });

    it('numbers activities from 1 in order, gives them as stamped, and reads them back after any watermark', async () => {
      const log = open();
      const id = await created(log);
      expect(await log.since(id, 0)).toEqual({ activities: [], watermark: 0 });
      const first = await log.append(id, [message('tere'), message('Tere! Kuidas saan aidata? 👋')], stamp);
      expect(first.watermark).toBe(2);
      expect(first.activities.map(seqOf)).toEqual([1, 2]);
      const second = await log.append(
        id,
        [{ ...message('kuidas "kaardimakseid" aktiveerida \\ kohe'), channelData: { storeId: 'store-1', nested: { list: [1, null, true] } } }],
        stamp,
      );
      expect(second).toMatchObject({ watermark: 3 });
      const all = await log.since(id, 0);
      expect(all.watermark).toBe(3);
      expect(all.activities).toEqual([...first.activities, ...second.activities]);
      expect(await log.since(id, 2)).toEqual({ activities: second.activities, watermark: 3 });
      expect(await log.since(id, 3)).toEqual({ activities: [], watermark: 3 });
    });

    it('reads a page of at most `limit` activities, whose watermark is its last one', async () => {
      const log = open();
      const id = await created(log);
      await log.append(
        id,
        Array.from({ length: 5 }, (_, i) => message(`#${i + 1}`)),
        stamp,
      );
      const page = await log.since(id, 1, 2);
      expect(page.activities.map((a) => a.text)).toEqual(['#2', '#3']);
      expect(page.watermark).toBe(3);
      expect(await log.since(id, 3, 5)).toMatchObject({ watermark: 5 });
    });

    it('two instances appending to one conversation at once: watermarks without gaps or repeats, each append numbered in one run, and a reader following the watermark misses nothing', async () => {
      const [a, b] = [open(), open()];
      const id = await created(a);
      const seen: number[] = [];
      let appending = true;
      const reader = (async () => {
        let watermark = 0;
        while (appending) {
          const page = await b.since(id, watermark);
          seen.push(...page.activities.map(seqOf));
          watermark = page.watermark;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const sizes = Array.from({ length: 40 }, (_, i) => (i % 3) + 1);
      const pages = await Promise.all(
        sizes.map((n, i) =>
          (i % 2 ? a : b).append(
            id,
            Array.from({ length: n }, (_, k) => message(`${i}.${k}`)),
            stamp,
          ),
        ),
      );
      appending = false;
      await reader;
      const total = sizes.reduce((x, y) => x + y, 0);
      for (const page of pages) {
        const seqs = page.activities.map(seqOf);
        expect(seqs).toEqual(seqs.map((_, k) => page.watermark - seqs.length + 1 + k));
      }
      expect(pages.map((p) => p.watermark).sort((x, y) => x - y)).toEqual([...new Set(pages.map((p) => p.watermark))].sort((x, y) => x - y));
      expect((await a.since(id, 0)).activities.map(seqOf)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    });

    it('lists started conversations by id, a page at a time', async () => {
      const log = open();
      const ids = [await created(log), await created(log), await created(log)];
      const unstarted = await created(log);
      for (const id of ids) await log.markStarted(id, '2026-03-01T08:00:01.000Z');
      const listed: string[] = [];
      for (let page = await log.started('', 2), pages = 0; page.length > 0 && pages < 1000; pages++) {
        listed.push(...page.map((c) => c.id));
        page = await log.started(page.at(-1)?.id ?? '', 2);
      }
      expect(listed).toEqual(expect.arrayContaining(ids));
      expect(listed).not.toContain(unstarted);
      expect(new Set(listed).size).toBe(listed.length);
      expect((await log.started('', 1000)).find((c) => c.id === ids[0])).toEqual({ id: ids[0], createdAt: '2026-03-01T08:00:00.000Z' });
    });

    it('deletes a conversation’s activities and keeps the conversation', async () => {
      const log = open();
      const id = await created(log);
      await log.append(id, [message('tere')], stamp);
      await log.deleteActivities(id);
      expect((await log.since(id, 0)).activities).toEqual([]);
      expect(await log.get(id)).toBeDefined();
    });

    it('removes conversations never started, created before the cutoff, holding nothing', async () => {
      const log = open();
      const old = await created(log, '2026-01-01T00:00:00.000Z');
      const oldStarted = await created(log, '2026-01-01T00:00:00.000Z');
      await log.markStarted(oldStarted, '2026-01-01T00:00:01.000Z');
      const fresh = await created(log, '2026-03-01T00:00:00.000Z');
      expect(await log.removeUnstarted('2026-02-01T00:00:00.000Z')).toBeGreaterThanOrEqual(1);
      expect(await log.get(old)).toBeUndefined();
      expect(await log.get(oldStarted)).toBeDefined();
      expect(await log.get(fresh)).toBeDefined();
    });

    it('answers durably once what it wrote is committed, and calls afterCommit with true', async () => {
      const log = open();
      const id = await created(log);
      const page = await log.durably(() => log.append(id, [message('tere')], stamp));
      expect(page.watermark).toBe(1);
      expect(await new Promise((resolve) => log.afterCommit(resolve))).toBe(true);
      expect((await open().since(id, 0)).activities).toHaveLength(1);
    });
  });
}
