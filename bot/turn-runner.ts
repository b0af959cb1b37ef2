import type { Activity } from 'botbuilder';
import type { AppParts } from './app.js';

export type TurnRunner = (activity: Partial<Activity>) => Promise<Activity[]>;

/** Runs one incoming activity through the real turn (middleware, bot, state) and returns the bot's replies. */
export function createTurnRunner(parts: Pick<AppParts, 'adapter' | 'logic'>, channelId = 'web'): TurnRunner {
  return (activity) =>
    parts.adapter.runActivity(
      {
        channelId,
        serviceUrl: '',
        recipient: { id: 'bot', name: 'Montonio' },
        from: { id: 'merchant', name: '' },
        timestamp: new Date(),
        ...activity,
      },
      parts.logic,
    );
}

export type AnswerData = { kind: string; guideId?: string; candidates?: string[]; locale: string; confidence?: number };

export function answerOf(replies: Activity[]): AnswerData | undefined {
  return replies.map((r) => (r.channelData as { answer?: AnswerData } | undefined)?.answer).find(Boolean);
}
