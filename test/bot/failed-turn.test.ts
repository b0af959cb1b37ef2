import { describe, expect, it } from 'vitest';
import type { Logger } from '../../bot/logger.js';
import { chat, createTestAdapter, testBot } from '../support/test-bot.js';

function appWhoseKnowledgeFails() {
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];
  const silent = () => {};
  const logger: Logger = { debug: silent, info: silent, warn: silent, error: (message, fields) => void logged.push({ message, fields }) };
  const parts = testBot({}, { logger });
  parts.knowledge.current = {
    ...parts.knowledge.current,
    understand: () => {
      throw new Error('index unreadable');
    },
  };
  return { parts, logged };
}

describe('a turn that fails', () => {
  it('apologises in Estonian through the in-process runner and logs the conversation, not a stack', async () => {
    const { parts, logged } = appWhoseKnowledgeFails();
    const merchant = chat(parts, 'c-failing');
    const { replies, text } = await merchant.say('kuidas kaardimakseid aktiveerida', { locale: 'et-EE' });
    expect(replies.filter((r) => r.type === 'message')).toHaveLength(1);
    expect(text).toBe(parts.translators.t('et')('error.turn'));
    expect(text).not.toMatch(/index unreadable/);
    expect(logged).toEqual([{ message: 'turn failed', fields: { conversationId: 'c-failing', error: 'index unreadable' } }]);
  });

  it('apologises in English through the TestAdapter, with the same error handler as production', async () => {
    const { parts } = appWhoseKnowledgeFails();
    await createTestAdapter(parts, { locale: 'en-US' })
      .send('how do I activate card payments?')
      .assertReply((reply) => expect(reply.text).toBe(parts.translators.t('en')('error.turn')))
      .startTest();
  });
});
