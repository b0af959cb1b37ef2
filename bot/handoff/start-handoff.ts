import { randomBytes } from 'node:crypto';
import type { Activity, TranscriptStore, TurnContext } from 'botbuilder';
import { conversationReferenceOf } from '../activities.js';
import type { Answer } from '../knowledge/answer.js';
import { handoffEvents } from './handoff-events.js';
import { readTranscript } from '../storage/sqlite-transcript-store.js';
import type { CaseEvents } from './case-events.js';
import type { HandoffContext, HandoffRequest } from './handoff-context.js';
import type { DeskStores } from './desk-stores.js';
import type { HandoffCase, HandoffStore } from './handoff-store.js';
import type { HandoffWebhook } from './handoff-webhook.js';
import type { MerchantNotices } from './merchant-notices.js';
import { isOpen, type SupportHours } from '../staff/support-hours.js';
import { admitCase, type HandoffIntake } from './handoff-intake.js';

/** `sentThisTurn`: the bot's replies of this turn so far ("I'm handing you over…"), not in the transcript store yet. */
export type Handoff = { start: (context: TurnContext, request: HandoffRequest, sentThisTurn?: Partial<Activity>[]) => Promise<void> };

export type StartDeps = {
  store: HandoffStore;
  /** the case and its webhook delivery are written in it */
  together: DeskStores['together'];
  transcripts: TranscriptStore;
  notices: MerchantNotices;
  events: CaseEvents;
  webhook: HandoffWebhook;
  hours: SupportHours;
  timeZone: string;
  /** the expected wait for a place in the queue, when there is enough data */
  estimate: () => Promise<(position: number) => number | undefined>;
  intake: HandoffIntake;
  casesPerHour: number;
  now: () => Date;
};

/**
 * Opens a case: the Bot Framework handoff.initiate event with the (already masked) transcript, then either a place in
 * the queue or, out of hours or with nobody online, the request for an e-mail address. The webhook gets the packet too.
 */
export function createHandoff(deps: StartDeps): Handoff {
  return {
    async start(context, request, sentThisTurn = []) {
      const { channelId, conversation } = context.activity;
      if (await deps.store.openFor(conversation.id)) return;
      // One user of one channel: the web channel's limits on conversations per address bound how many users one has.
      const client = `${channelId}:${context.activity.from?.id ?? conversation.id}`;
      if (!(await admitCase(deps.intake, client, deps.casesPerHour, deps.now()))) {
        await context.sendActivity(deps.notices.limit(request.locale));
        return;
      }
      const stamp = deps.now();
      const replies = sentThisTurn.map((a) => ({ ...a, timestamp: a.timestamp ?? stamp, from: a.from ?? context.activity.recipient }));
      const shown = [...(await readTranscript(deps.transcripts, channelId, conversation.id)), context.activity, ...replies].filter(isShown);
      const packet: HandoffContext = { ...request, ...triedSoFar(shown, context.activity.from?.id) };
      const transcript = shown.map(slim);
      const at = deps.now();
      const closed = !isOpen(deps.hours, deps.timeZone, at);
      const online = !closed && (await deps.events.agentsOnline()) > 0;
      const c: HandoffCase = {
        id: randomBytes(9).toString('base64url'),
        conversationId: conversation.id,
        channelId,
        locale: packet.locale,
        status: online ? 'waiting' : 'collecting',
        packet,
        reference: conversationReferenceOf(context.activity),
        transcript,
        createdAt: at.toISOString(),
      };
      // The case and its webhook delivery are kept together or not at all: an instance that dies after the commit
      // leaves the delivery to another; one that fails before it leaves neither.
      const delivery = deps.webhook.delivery('handoff.initiate', webhookBody(c));
      await deps.together(async ({ store, webhooks }) => {
        await store.create(c);
        if (delivery) await webhooks.add(delivery);
      });
      if (delivery) deps.webhook.wake();
      const initiation = handoffEvents.initiation(context.activity, packet, { activities: transcript });
      // One send: each goes through the whole outgoing pipeline (transcript, delivery).
      const position = await deps.store.position(c.id);
      const notice = online
        ? deps.notices.waiting(c.locale, position, { minutes: (await deps.estimate())(position) })
        : deps.notices.offline(c.locale, at, closed);
      await context.sendActivities(
        online ? [initiation, notice] : [initiation, handoffEvents.status(conversation, 'failed', closed ? 'support is closed' : 'no agent online'), notice],
      );
      await deps.store.addEntry({ caseId: c.id, at: at.toISOString(), kind: 'bot', author: '', text: notice.text ?? '', delivered: true });
      deps.events.publish({ type: 'queue', caseId: c.id });
    },
  };
}

export function webhookBody(c: HandoffCase) {
  const { id, conversationId, channelId, locale, status, packet, transcript, email, question, createdAt } = c;
  return { caseId: id, conversationId, channelId, locale, status, packet, transcript, email, question, createdAt };
}

// A bound on what one packet carries; a conversation with more questions than this is not a support chat.
const QUESTIONS = 50;
// Notices that open a request (the merchant's messages after them go to a person or the form) and that end one.
const OPENS = new Set(['waiting', 'offline', 'form']);
const ENDS = new Set(['cancelled', 'filed', 'expired', 'closed']);

type Seen = { text?: string; value?: unknown; from?: { id?: string }; channelData?: { answer?: Answer; handoff?: { notice?: string } } };

/**
 * The merchant's own words to the bot (not button presses, not what they wrote to an agent or into the e-mail form),
 * where this request's questions begin, and the guides the bot answered each question with.
 */
function triedSoFar(shown: Partial<Activity>[], merchantId: string | undefined): Pick<HandoffContext, 'questions' | 'offered' | 'requestStart'> {
  const questions: string[] = [];
  const offered: HandoffContext['offered'] = [];
  let requestStart = 0;
  let inRequest = false;
  // A message written while a request was open; if the bot answers it, the request had ended (an agent closed it).
  let held: string | undefined;
  let answered = true;
  for (const activity of shown as Seen[]) {
    if (activity.from?.id === merchantId) {
      const asked = activity.text && activity.value === undefined ? activity.text : undefined;
      if (inRequest) held = asked;
      else if (asked) questions.push(asked);
      answered = false;
      continue;
    }
    const notice = activity.channelData?.handoff?.notice;
    if (notice && OPENS.has(notice)) inRequest = true;
    if (notice && ENDS.has(notice)) {
      inRequest = false;
      requestStart = questions.length;
    }
    const answer = activity.channelData?.answer;
    if (answer && inRequest) {
      inRequest = false;
      requestStart = questions.length;
      if (held) questions.push(held);
    }
    held = undefined;
    // Every reply of a turn carries the turn's answer: take it once.
    if (answered || !answer) continue;
    answered = true;
    if (answer.guideId) offered.push({ guideId: answer.guideId, kind: answer.kind, confidence: answer.confidence, question: questions.length - 1 });
  }
  const dropped = Math.max(0, questions.length - QUESTIONS);
  return {
    questions: questions.slice(dropped),
    requestStart: Math.max(0, requestStart - dropped),
    offered: offered.map((o) => ({ ...o, question: (o.question ?? 0) - dropped })).filter((o) => o.question >= 0),
  };
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
