import type { Activity } from 'botbuilder';
import type { SupportAdapter } from '../adapter.js';
import type { Turn } from './create-turn.js';

export type TurnRunner = (activity: Partial<Activity>) => Promise<Activity[]>;

/**
 * The one way to run an activity in process (the web channel, the editor's preview, eval, bench, tests): through the
 * adapter's pipeline and error handler (see useTurn), the bot, and its state; returns the bot's replies.
 */
export function createTurnRunner(adapter: SupportAdapter, turn: Pick<Turn, 'logic'>, channelId = 'web'): TurnRunner {
  return (activity) =>
    adapter.runActivity(
      {
        channelId,
        serviceUrl: '',
        recipient: { id: 'bot', name: 'Montonio' },
        from: { id: 'merchant', name: '' },
        timestamp: new Date(),
        ...activity,
      },
      turn.logic,
    );
}
