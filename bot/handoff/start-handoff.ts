import { randomBytes } from 'node:crypto';
import { type Activity, type TranscriptStore, TurnContext } from 'botbuilder';
import { handoffEvents } from './handoff-events.js';
import { readTranscript } from '../storage/sqlite-transcript-store.js';
import type { CaseEvents } from './case-events.js';
import type { HandoffContext } from './handoff-context.js';
import type { HandoffCase, HandoffStore } from './handoff-store.js';
import type { HandoffWebhook } from './handoff-webhook.js';
import type { MerchantNotices } from './merchant-notices.js';
import { isOpen, type SupportHours } from './support-hours.js';

export type Handoff = { start: (context: TurnContext, handoff: HandoffContext) => Promise<void> };

export type StartDeps = {
  store: HandoffStore;
  transcripts: TranscriptStore;
  notices: MerchantNotices;
  events: CaseEvents;
  webhook: HandoffWebhook;
  hours: SupportHours;
  timeZone: string;
  now: () => Date;
};

/**
 * Opens a case: the Bot Framework handoff.initiate event with the (already masked) transcript, then either a place in
 * the queue or, out of hours or with nobody online, the request for an e-mail address. The webhook gets the packet too.
 */
export function createHandoff(deps: StartDeps): Handoff {
  return {
    async start(context, packet) {
      const { channelId, conversation } = context.activity;
      if (deps.store.openFor(conversation.id)) return;
      const transcript = [...(await readTranscript(deps.transcripts, channelId, conversation.id)), context.activity].filter(isShown).map(slim);
      const at = deps.now();
      const closed = !isOpen(deps.hours, deps.timeZone, at);
      const online = !closed && deps.events.agentsOnline() > 0;
      const c: HandoffCase = {
        id: randomBytes(9).toString('base64url'),
        conversationId: conversation.id,
        channelId,
        locale: packet.locale,
        status: online ? 'waiting' : 'collecting',
        packet,
        reference: TurnContext.getConversationReference(context.activity),
        transcript,
        createdAt: at.toISOString(),
      };
      deps.store.create(c);
      await context.sendActivity(handoffEvents.initiation(context, packet, { activities: transcript }));
      if (online) {
        await context.sendActivity(deps.notices.waiting(c.locale, deps.store.position(c.id)));
      } else {
        await context.sendActivity(handoffEvents.status(conversation, 'failed', closed ? 'support is closed' : 'no agent online'));
        await context.sendActivity(deps.notices.offline(c.locale, at, closed));
      }
      deps.events.publish({ type: 'queue' });
      void deps.webhook.post('handoff.initiate', webhookBody(c));
    },
  };
}

export function webhookBody(c: HandoffCase) {
  const { id, conversationId, channelId, locale, status, packet, transcript, email, question, createdAt } = c;
  return { caseId: id, conversationId, channelId, locale, status, packet, transcript, email, question, createdAt };
}

// The conversation as people saw it: earlier handoff events (each carrying a transcript) would nest and repeat.
function isShown(activity: Partial<Activity>): boolean {
  return activity.type === 'message';
}

/** What an agent or a helpdesk needs of an activity; ids, service URLs and cards' internals stay out of the packet. */
function slim(activity: Partial<Activity>): Activity {
  const { type, id, timestamp, from, text, value, locale, channelData } = activity;
  const answer = (channelData as { answer?: unknown } | undefined)?.answer;
  return {
    type,
    id,
    timestamp,
    from: from && { id: from.id, name: from.name, role: from.role },
    text,
    value,
    locale,
    channelData: answer ? { answer } : undefined,
  } as Activity;
}
