import type { Activity } from 'botbuilder';
import { mayPostReplies, type SupportAdapter } from '../adapter.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { HandoffCase } from './handoff-store.js';

/** Whether a channel in this process took the activities (with the ids it gave them): only a conversation it opened is its to write into. */
export type Delivery = { delivered: true; ids: string[] } | { delivered: false; reason: 'notThisChannel' };

/** Our web channel's deliver: stores and streams activities into one of its conversations, live. */
export type Deliver = (conversationId: string, activities: Partial<Activity>[]) => Promise<Delivery>;

export type MerchantOutlet = {
  /** true when the activities reached the conversation now; false: keep them for the merchant's next turn */
  send: (c: HandoffCase, activities: Partial<Activity>[]) => Promise<boolean>;
};

/**
 * Messages from outside a turn (agent replies, "Kadri has joined") to the merchant: into our web channel live, else by
 * the Bot Framework proactive path with the stored conversation reference. Without credentials the proactive path is
 * used only for the hosts in UNAUTHENTICATED_REPLY_HOSTS (never a caller-chosen address); anything else waits for the
 * merchant's next message and goes out with that turn's replies.
 */
export function createMerchantOutlet(deps: {
  adapter: SupportAdapter;
  config: Pick<Config, 'MicrosoftAppId' | 'UNAUTHENTICATED_REPLY_HOSTS'>;
  logger: Logger;
  deliver: Deliver;
}): MerchantOutlet {
  return {
    async send(c, activities) {
      if ((await deps.deliver(c.conversationId, activities)).delivered) return true;
      if (!mayPostReplies(c.reference.serviceUrl, deps.config)) return false;
      try {
        await deps.adapter.continueConversationAsync(deps.config.MicrosoftAppId, c.reference, async (context) => {
          await context.sendActivities(activities);
        });
        return true;
      } catch (error) {
        deps.logger.warn('proactive message failed; it waits for the merchant’s next message', { caseId: c.id, error: (error as Error).message });
        return false;
      }
    },
  };
}
