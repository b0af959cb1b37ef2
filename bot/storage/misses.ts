import type { FeedbackRecord, TurnRecord } from './records.js';

export type MissKind = 'fallback' | 'clarify' | 'notHelpful' | 'handoff';
export const MISS_KINDS: readonly MissKind[] = ['fallback', 'clarify', 'notHelpful', 'handoff'];

/** One time the bot did not help: what the merchant had asked, and what happened. */
export type Miss = { kind: MissKind; at: string; locale: string; question: string; conversationId: string; guideId?: string };

/** A chat handed to a person, however it was asked for: typed, the button, or accepting the bot's offer. */
export type HandoffRecord = { conversationId: string; at: string; locale: string };

export type MissSources = { turns: TurnRecord[]; feedback: FeedbackRecord[]; handoffs?: HandoffRecord[] };

/**
 * Fallbacks, clarifications, 👎 and handoffs from a full list of records (the one-time backfill of an older data
 * folder; the bot itself records misses as they happen). A 👎 stands for the question that got the guide; a handoff
 * for the question asked before it (a bare "a person, please" says nothing an editor can use).
 */
export function collectMisses({ turns, feedback, handoffs }: MissSources): Miss[] {
  const misses: Miss[] = [];
  const byConversation = new Map<string, TurnRecord[]>();
  const askedBefore = (conversationId: string, at: string) =>
    (byConversation.get(conversationId) ?? []).filter((t) => t.at <= at && isQuestion(t)).at(-1);
  const sorted = [...turns].sort((a, b) => a.at.localeCompare(b.at));
  for (const turn of sorted) {
    const list = byConversation.get(turn.conversationId);
    if (list) list.push(turn);
    else byConversation.set(turn.conversationId, [turn]);
  }
  for (const turn of sorted) {
    const base = { at: turn.at, locale: turn.locale, conversationId: turn.conversationId };
    if (turn.answer.kind === 'fallback' || turn.answer.kind === 'clarify') misses.push({ ...base, kind: turn.answer.kind, question: turn.question });
    if (turn.answer.kind === 'handoff' && !handoffs) misses.push({ ...base, kind: 'handoff', question: askedBefore(turn.conversationId, turn.at)?.question ?? turn.question });
  }
  for (const h of handoffs ?? []) misses.push({ ...h, kind: 'handoff', question: askedBefore(h.conversationId, h.at)?.question ?? '' });
  for (const fb of feedback.filter((f) => !f.helpful)) {
    const answered = (byConversation.get(fb.conversationId) ?? []).filter((t) => t.answer.guideId === fb.guideId && t.at <= fb.at).at(-1);
    misses.push({ kind: 'notHelpful', at: fb.at, locale: fb.locale, question: answered?.question ?? '', conversationId: fb.conversationId, guideId: fb.guideId });
  }
  return misses.sort((a, b) => a.at.localeCompare(b.at));
}

/** A turn that asked something: what a later handoff stands for. */
export function isQuestion(turn: TurnRecord): boolean {
  return turn.answer.kind !== 'handoff' && turn.answer.kind !== 'smalltalk';
}
