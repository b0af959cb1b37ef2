import type { Activity } from 'botbuilder';
import { textMessage } from '../activities.js';
import { handoffEvents } from './handoff-events.js';
import type { Staff } from '../staff/staff-user.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Translators } from '../language/i18n.js';
import { composeAnswerMail } from './answer-mail.js';
import type { CaseEvents } from './case-events.js';
import type { CaseEntry, EntryKind, HandoffCase, HandoffStore } from './handoff-store.js';
import type { MailOutbox } from './mail-outbox.js';
import type { MailSender } from './mail-sender.js';
import type { ClaimTimes } from './wait-estimate.js';
import type { MerchantNotices } from './merchant-notices.js';
import type { MerchantOutlet } from './merchant-outlet.js';

/** What an agent's action came to; the console turns the refusals into sentences. */
export type ActionResult =
  | { ok: true; case: HandoffCase }
  | { ok: false; problem: 'notFound' | 'takenBy' | 'notYours' | 'closed' | 'noGuide' | 'empty'; by?: string };

export type AgentActionsDeps = {
  store: HandoffStore;
  events: CaseEvents;
  outlet: MerchantOutlet;
  notices: MerchantNotices;
  knowledge: () => KnowledgeBase;
  translators: Translators;
  outbox: MailOutbox;
  mailer: Pick<MailSender, 'configured' | 'kick'>;
  /** a case was closed or answered, or changed after that: (re)write its history entry */
  recordHistory: (caseId: string) => Promise<void>;
  /** when waiting chats are taken, for the expected wait */
  claims: ClaimTimes;
  now: () => Date;
};

// Chat messages, not letters: a longer text is almost certainly a paste gone wrong.
export const MAX_AGENT_TEXT = 4000;

/** Claim, reply, insert a guide, note, close: every change an agent makes to a case, each checked against its owner. */
export function createAgentActions(deps: AgentActionsDeps) {
  const { store, events } = deps;
  const at = () => deps.now().toISOString();

  const entry = async (c: HandoffCase, kind: EntryKind, author: string, text: string, extra: Partial<CaseEntry> = {}) => {
    const added = await store.addEntry({ caseId: c.id, at: at(), kind, author, text, delivered: true, ...extra });
    events.publish({ type: 'entry', caseId: c.id, entry: added });
    return added;
  };

  const owned = async (caseId: string, staff: Staff): Promise<ActionResult> => {
    const c = await store.get(caseId);
    if (!c) return { ok: false, problem: 'notFound' };
    if (c.status !== 'active' && c.status !== 'filed') return { ok: false, problem: 'closed' };
    if (c.agent?.name !== staff.name) return { ok: false, problem: 'notYours', by: c.agent?.displayName };
    return { ok: true, case: c };
  };

  /** Sends to the merchant now if the channel allows, else keeps it for their next message. */
  async function toMerchant(c: HandoffCase, staff: Staff, activity: Partial<Activity>, text: string): Promise<void> {
    const stamped = {
      ...activity,
      locale: activity.locale ?? c.locale,
      channelData: { ...(activity.channelData ?? {}), agent: { displayName: staff.displayName } },
    };
    const added = await entry(c, 'agent', staff.displayName, text, { delivered: false, activity: stamped });
    if (await deps.outlet.send(c, [stamped])) await store.markDelivered([added.seq]);
  }

  /** A status line for the console, and the notice for the merchant (kept for their next turn if it cannot go now). */
  async function announce(c: HandoffCase, staff: Staff, status: string, notice: Partial<Activity>, state: 'accepted' | 'completed'): Promise<void> {
    const added = await entry(c, 'status', staff.displayName, status, { delivered: false, activity: notice });
    const event = handoffEvents.status(c.reference.conversation, state);
    if (await deps.outlet.send(c, [notice, event])) await store.markDelivered([added.seq]);
  }

  /** The answer to a request left out of hours also goes by e-mail, through the outbox (a draft without SMTP). */
  async function emailAnswer(c: HandoffCase, staff: Staff, answer: string): Promise<void> {
    const mail = composeAnswerMail(deps.translators, c, staff.displayName, answer);
    const status = deps.mailer.configured ? 'pending' : 'draft';
    await deps.outbox.add({ caseId: c.id, to: c.email as string, ...mail, author: staff.displayName, status, createdAt: at() });
    await entry(c, 'status', staff.displayName, status === 'pending' ? 'emailQueued' : 'emailDraft');
    await store.transition(c.id, ['filed'], { answeredAt: at() });
    await deps.recordHistory(c.id);
    events.publish({ type: 'case', caseId: c.id });
    deps.mailer.kick();
  }

  return {
    async claim(caseId: string, staff: Staff): Promise<ActionResult> {
      const agent = { name: staff.name, displayName: staff.displayName };
      const claimed =
        (await store.transition(caseId, ['waiting'], { status: 'active', agent, claimedAt: at() })) ??
        ((await store.get(caseId))?.agent ? undefined : await store.transition(caseId, ['filed'], { agent, claimedAt: at() }));
      if (!claimed) {
        const c = await store.get(caseId);
        if (!c) return { ok: false, problem: 'notFound' };
        if (c.agent?.name === staff.name) return { ok: true, case: c };
        return c.agent ? { ok: false, problem: 'takenBy', by: c.agent.displayName } : { ok: false, problem: 'closed' };
      }
      if (claimed.status === 'active') await deps.claims.add(claimed.id, claimed.createdAt, claimed.claimedAt as string);
      if (claimed.status === 'active') await announce(claimed, staff, 'claimed', deps.notices.joined(claimed.locale, staff.displayName), 'accepted');
      else await entry(claimed, 'status', staff.displayName, 'claimedRequest');
      events.publish({ type: 'queue', caseId });
      return { ok: true, case: claimed };
    },

    async reply(caseId: string, staff: Staff, text: string): Promise<ActionResult> {
      const result = await owned(caseId, staff);
      const clean = text.trim().slice(0, MAX_AGENT_TEXT);
      if (!result.ok) return result;
      if (!clean) return { ok: false, problem: 'empty' };
      const c = result.case;
      // A filed request is answered later; the intro tells a returning merchant who is writing and why.
      const shown = c.status === 'filed' ? `${deps.notices.answerIntro(c.locale, staff.displayName)}\n\n${clean}` : clean;
      const message = { ...textMessage(shown), textFormat: 'plain' };
      await toMerchant(c, staff, message, clean);
      if (c.status === 'filed') await emailAnswer(c, staff, clean);
      return result;
    },

    /** A guide from the knowledge base, in the merchant's language, as the bot would show it. */
    async sendGuide(caseId: string, staff: Staff, guideId: string): Promise<ActionResult> {
      const result = await owned(caseId, staff);
      if (!result.ok) return result;
      const kb = deps.knowledge();
      const c = result.case;
      const guide = kb.content.topics.get(guideId)?.get(c.locale);
      if (guide?.kind !== 'guide') return { ok: false, problem: 'noGuide' };
      await toMerchant(c, staff, kb.compose.guideReply(guideId, c.locale, deps.translators.t(c.locale), c.packet.storeId), `📘 ${guide.title}`);
      return result;
    },

    /** Only agents see notes; any agent may add one, to any case. */
    async note(caseId: string, staff: Staff, text: string): Promise<ActionResult> {
      const c = await store.get(caseId);
      const clean = text.trim().slice(0, MAX_AGENT_TEXT);
      if (!c) return { ok: false, problem: 'notFound' };
      if (!clean) return { ok: false, problem: 'empty' };
      await entry(c, 'note', staff.displayName, clean);
      if (c.status === 'closed' || c.answeredAt) await deps.recordHistory(c.id);
      return { ok: true, case: c };
    },

    async close(caseId: string, staff: Staff): Promise<ActionResult> {
      const result = await owned(caseId, staff);
      if (!result.ok) return result;
      const closed = await store.transition(caseId, ['active', 'filed'], { status: 'closed', closedAt: at() });
      if (!closed) return { ok: false, problem: 'closed' };
      if (result.case.status === 'active') await announce(closed, staff, 'closed', deps.notices.closed(closed.locale, staff.displayName), 'completed');
      else await entry(closed, 'status', staff.displayName, 'closed');
      await deps.recordHistory(closed.id);
      events.publish({ type: 'queue', caseId });
      return { ok: true, case: closed };
    },
  };
}

export type AgentActions = ReturnType<typeof createAgentActions>;
