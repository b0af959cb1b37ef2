import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnLock } from '../../bot/turn/turn-lock.js';

export type TurnLockEngine = {
  /** another instance's lock on the same conversations (the in-process one: the same lock) */
  open: () => Promise<TurnLock>;
  close: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every turn lock of the bot must do; test/turn/turn-lock.test.ts runs it once per implementation. */
export function describeTurnLockContract(name: string, engine: () => Promise<TurnLockEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`TurnLock contract: ${name}`, () => {
    let current: TurnLockEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });
    let n = 0;
    const conversation = (label: string) => `${label}-${++n}`;

    it('runs the turns of one conversation one at a time, in the order they were asked for', async () => {
      const lock = await current.open();
      const id = conversation('order');
      const log: string[] = [];
      const turn = (name: string, ms: number) =>
        lock.run(id, async () => {
          log.push(`${name} starts`);
          await sleep(ms);
          log.push(`${name} ends`);
          return name;
        });
      expect(await Promise.all([turn('first', 60), turn('second', 5), turn('third', 1)])).toEqual(['first', 'second', 'third']);
      expect(log).toEqual(['first starts', 'first ends', 'second starts', 'second ends', 'third starts', 'third ends']);
    });

    it('lets turns of different conversations run at the same time', async () => {
      const lock = await current.open();
      let running = 0;
      let most = 0;
      const turn = (id: string) =>
        lock.run(id, async () => {
          most = Math.max(most, ++running);
          await sleep(50);
          running -= 1;
        });
      await Promise.all([turn(conversation('a')), turn(conversation('b')), turn(conversation('c'))]);
      expect(most).toBe(3);
    });

    it('passes a failed turn’s error on and frees the conversation for the next turn', async () => {
      const lock = await current.open();
      const id = conversation('fails');
      const failed = lock.run(id, async () => {
        await sleep(10);
        throw new Error('the turn failed');
      });
      const next = lock.run(id, async () => 'next ran');
      await expect(failed).rejects.toThrow('the turn failed');
      expect(await next).toBe('next ran');
      expect(await lock.run(id, async () => 'and the one after')).toBe('and the one after');
    });

    it('two instances running turns of one conversation never overlap, so a read-modify-write loses nothing', async () => {
      const [a, b] = [await current.open(), await current.open()];
      const id = conversation('shared');
      let stored = 0;
      let overlapping = 0;
      let inside = 0;
      const turn = (lock: TurnLock) =>
        lock.run(id, async () => {
          if (++inside > 1) overlapping += 1;
          const read = stored;
          await sleep(1);
          stored = read + 1;
          inside -= 1;
        });
      await Promise.all([...Array.from({ length: 20 }, () => turn(a)), ...Array.from({ length: 20 }, () => turn(b))]);
      expect(overlapping).toBe(0);
      expect(stored).toBe(40);
    });
  });
}
