import { type Activity, TestAdapter } from 'botbuilder';
import { createApp, type AppOverrides, type AppParts } from '../../bot/app.js';
import { readConfig } from '../../bot/config.js';
import { answerOf, createTurnRunner, type AnswerData } from '../../bot/turn-runner.js';

export function testApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): AppParts {
  return createApp(readConfig({ LOG_LEVEL: 'silent', DATA_DIR: ':memory:', ...env }), overrides);
}

/** botbuilder's TestAdapter driving the real bot through the same middleware as production (masking, transcript). */
export function createTestAdapter(parts: AppParts = testApp(), template: Partial<Activity> = {}): TestAdapter {
  const adapter = new TestAdapter((context) => parts.logic(context), template);
  for (const m of parts.middleware) adapter.use(m);
  return adapter;
}

export const answer = (activity: Partial<Activity>): AnswerData => (activity.channelData as { answer: AnswerData }).answer;

/** A merchant in one conversation: ask, get the replies and the answer they carry. */
export function chat(parts: AppParts = testApp(), conversationId = `c-${Math.random().toString(36).slice(2)}`) {
  const run = createTurnRunner(parts, 'test');
  return {
    conversationId,
    async say(text: string, extra: Partial<Activity> = {}) {
      const replies = await run({ type: 'message', text, conversation: { id: conversationId } as never, ...extra });
      return { replies, answer: answerOf(replies) as AnswerData, text: replies.map((r) => r.text ?? '').join('\n') };
    },
    run: (activity: Partial<Activity>) => run({ conversation: { id: conversationId } as never, ...activity }),
  };
}
