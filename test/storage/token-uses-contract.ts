import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEngine } from './chat-engines.js';

/**
 * What the once-only token store must do: let the first use of a token through and no other, also when many uses
 * arrive at once on two instances. Called by test/storage/chat-stores-contract.test.ts once per engine.
 */
export function describeTokenUsesContract(name: string, engine: () => Promise<ChatEngine>, wrap: (name: string, body: () => void) => void = describe): void {
  wrap(`TokenUses contract: ${name}`, () => {
    let current: ChatEngine;
    beforeAll(async () => {
      current = await engine();
    });
    afterAll(async () => {
      await current?.close();
    });
    const jti = () => randomBytes(9).toString('base64url');
    const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

    it('lets the first use of a token through, and refuses it after', async () => {
      const { tokenUses } = current.open();
      const id = jti();
      expect(await tokenUses.claim(id, inAMinute())).toBe(true);
      expect(await tokenUses.claim(id, inAMinute())).toBe(false);
      expect(await tokenUses.claim(jti(), inAMinute())).toBe(true);
    });

    it('of many uses at once on two instances, lets exactly one through', async () => {
      const [a, b] = [current.open().tokenUses, current.open().tokenUses];
      for (let round = 0; round < 10; round++) {
        const id = jti();
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).claim(id, inAMinute())));
        expect(outcomes.filter(Boolean)).toHaveLength(1);
      }
    });
  });
}
