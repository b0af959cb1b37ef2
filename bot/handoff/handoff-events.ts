import { randomUUID } from 'node:crypto';
import type { Activity, ConversationAccount } from 'botbuilder';
import { conversationReferenceOf } from '../activities.js';

let zone: string | undefined;

/**
 * The process's time zone, which every handoff event carries (its timestamp has no offset). Looked up once: the
 * lookup builds an Intl.DateTimeFormat, about 0.15 ms, and the zone does not change while the process runs.
 */
const localTimezone = () => {
  zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone;
};

function handoffEvent(name: 'handoff.initiate' | 'handoff.status', value: unknown, conversation: Partial<ConversationAccount> | undefined): Partial<Activity> {
  return {
    type: 'event',
    name,
    value,
    id: randomUUID(),
    timestamp: new Date(),
    localTimezone: localTimezone(),
    conversation: conversation as ConversationAccount,
    attachments: [],
    entities: [],
  };
}

/** The Bot Framework handoff events, as plain data shaped as botbuilder's EventFactory makes them. */
export const handoffEvents = {
  /** handoff.initiate for the merchant's activity `from`: the context for the agent and the transcript so far */
  initiation(from: Partial<Activity>, context: unknown, transcript: { activities: Partial<Activity>[] }): Partial<Activity> {
    return {
      ...handoffEvent('handoff.initiate', context, from.conversation),
      from: from.from,
      relatesTo: conversationReferenceOf(from) as Activity['relatesTo'],
      replyToId: from.id,
      serviceUrl: from.serviceUrl,
      channelId: from.channelId,
      attachments: [{ content: transcript, contentType: 'application/json', name: 'Transcript' }],
    };
  },
  /** handoff.status: accepted, completed, or failed with why */
  status(conversation: Partial<ConversationAccount> | undefined, state: 'accepted' | 'completed' | 'failed', message?: string): Partial<Activity> {
    return handoffEvent('handoff.status', { state, message }, conversation);
  },
};
