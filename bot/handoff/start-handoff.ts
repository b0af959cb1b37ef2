import { randomBytes } from 'node:crypto';
import { type Activity, type TranscriptStore, TurnContext } from 'botbuilder';
import type { Answer } from '../compose-reply.js';
import { handoffEvents } from './handoff-events.js';
import { readTranscript } from '../storage/sqlite-transcript-store.js';
import type { CaseEvents } from './case-events.js';
import type { HandoffContext, HandoffRequest } from './handoff-context.js';
import type { HandoffCase, HandoffStore } from './handoff-store.js';
import type { HandoffWebhook } from './handoff-webhook.js';
import type { MerchantNotices } from './merchant-notices.js';
import { isOpen, type SupportHours } from './support-hours.js';

export type Handoff = { start: (context: TurnContext, request: HandoffRequest) => Promise<void> };

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
    async start(context, request) {
      const { channelId, conversation } = context.activity;
      if (deps.store.openFor(conversation.id)) return;
      const shown = [...(await readTranscript(deps.transcripts, channelId, conversation.id)), context.activity].filter(isShown);
      const packet: HandoffContext = { ...request, ...triedSoFar(shown, context.activity.from?.id) };
      const transcript = shown.map(slim);
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
      const initiation = handoffEvents.initiation(context, packet, { activities: transcript });
      // One send: each goes through the whole outgoing pipeline (transcript, delivery).
      await context.sendActivities(
        online
          ? [initiation, deps.notices.waiting(c.locale, deps.store.position(c.id))]
          : [initiation, handoffEvents.status(conversation, 'failed', closed ? 'support is closed' : 'no agent online'), deps.notices.offline(c.locale, at, closed)],
      );
      deps.events.publish({ type: 'queue' });
      void deps.webhook.post('handoff.initiate', webhookBody(c));
    },
  };
}

export function webhookBody(c: HandoffCase) {
  const { id, conversationId, channelId, locale, status, packet, transcript, email, question, createdAt } = c;
  return { caseId: id, conversationId, channelId, locale, status, packet, transcript, email, question, createdAt };
}

// The agent reads the last few questions first; older ones are in the transcript.
const QUESTIONS = 10;

/** The merchant's own words (not button presses) and the guides the bot answered them with, oldest first. */
function triedSoFar(shown: Partial<Activity>[], merchantId: string | undefined): Pick<HandoffContext, 'questions' | 'offered'> {
  const questions: string[] = [];
  const offered: HandoffContext['offered'] = [];
  let answered = true;
  for (const activity of shown) {
    if (activity.from?.id === merchantId) {
      if (activity.text && activity.value === undefined) questions.push(activity.text);
      answered = false;
      continue;
    }
    // Every reply of a turn carries the turn's answer: take it once.
    const answer = (activity.channelData as { answer?: Answer } | undefined)?.answer;
    if (answered || !answer?.guideId) continue;
    offered.push({ guideId: answer.guideId, kind: answer.kind, confidence: answer.confidence });
    answered = true;
  }
  return { questions: questions.slice(-QUESTIONS), offered };
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
