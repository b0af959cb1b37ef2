import { type Activity, TestAdapter } from 'botbuilder';
import { createBot, type BotOverrides, type BotParts } from '../../bot/bot.js';
import { readConfig } from '../../bot/config.js';
import { useTurn } from '../../bot/turn/create-turn.js';
import { type Answer, answerOf } from '../../bot/knowledge/answer.js';

export function testBot(env: Record<string, string> = {}, overrides: BotOverrides = {}): BotParts {
  return createBot(readConfig({ LOG_LEVEL: 'silent', DATA_DIR: ':memory:', ...env }), overrides);
}

/** botbuilder's TestAdapter driving the real turn: production's middleware (masking, transcript) and error handler, no typing. */
export function createTestAdapter(parts: BotParts = testBot(), template: Partial<Activity> = {}): TestAdapter {
  const turn = parts.buildTurn({ showTyping: false });
  return useTurn(new TestAdapter(turn.logic, template), turn);
}

export const answer = (activity: Partial<Activity>): Answer => (activity.channelData as { answer: Answer }).answer;

/** A merchant in one conversation: ask, get the replies and the answer they carry. */
export function chat(parts: BotParts = testBot(), conversationId = `c-${Math.random().toString(36).slice(2)}`) {
  const run = parts.runner('test');
  return {
    conversationId,
    async say(text: string, extra: Partial<Activity> = {}) {
      const replies = await run({ type: 'message', text, conversation: { id: conversationId } as never, ...extra });
      return { replies, answer: answerOf(replies) as Answer, text: replies.map((r) => r.text ?? '').join('\n') };
    },
    run: (activity: Partial<Activity>) => run({ conversation: { id: conversationId } as never, ...activity }),
  };
}
