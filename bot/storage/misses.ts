import { tokenize } from '../language/text.js';
import type { FeedbackRecord, TurnRecord } from './records.js';

/**
 * How the bot failed a merchant: no answer, asked back, 👎, handed to a person, or likely a wrong guide (the chat was
 * handed over right after a guide, or the merchant asked the same again in other words).
 */
export type MissKind = 'fallback' | 'clarify' | 'notHelpful' | 'handoff' | 'afterGuide' | 'askedAgain';
export const MISS_KINDS: readonly MissKind[] = ['fallback', 'clarify', 'notHelpful', 'handoff', 'afterGuide', 'askedAgain'];

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
  const askedBefore = (conversationId: string, at: string) => (byConversation.get(conversationId) ?? []).filter((t) => t.at <= at && isQuestion(t)).at(-1);
  const sorted = [...turns].sort((a, b) => a.at.localeCompare(b.at));
  for (const turn of sorted) {
    const list = byConversation.get(turn.conversationId);
    if (list) list.push(turn);
    else byConversation.set(turn.conversationId, [turn]);
  }
  for (const turn of sorted) {
    const base = { at: turn.at, locale: turn.locale, conversationId: turn.conversationId };
    if (turn.answer.kind === 'fallback' || turn.answer.kind === 'clarify') misses.push({ ...base, kind: turn.answer.kind, question: turn.question });
    if (turn.answer.kind === 'handoff' && !handoffs)
      misses.push({ ...base, kind: 'handoff', question: askedBefore(turn.conversationId, turn.at)?.question ?? turn.question });
  }
  for (const h of handoffs ?? []) misses.push({ ...h, kind: 'handoff', question: askedBefore(h.conversationId, h.at)?.question ?? '' });
  for (const conversation of byConversation.values()) misses.push(...likelyWrongGuides(conversation, handoffs ?? []));
  for (const fb of feedback.filter((f) => !f.helpful)) {
    const answered = (byConversation.get(fb.conversationId) ?? []).filter((t) => t.answer.guideId === fb.guideId && t.at <= fb.at).at(-1);
    misses.push({
      kind: 'notHelpful',
      at: fb.at,
      locale: fb.locale,
      question: answered?.question ?? '',
      conversationId: fb.conversationId,
      guideId: fb.guideId,
    });
  }
  return misses.sort((a, b) => a.at.localeCompare(b.at));
}

/** A turn that asked something: what a later handoff stands for. */
export function isQuestion(turn: TurnRecord): boolean {
  return turn.answer.kind !== 'handoff' && turn.answer.kind !== 'smalltalk';
}

// Two questions sharing this share of their longer words are the same question asked again.
const SAME_QUESTION = 0.34;
const MIN_WORD = 4;

const wordsOf = (text: string) => new Set(tokenize(text).filter((w) => w.length >= MIN_WORD));

/** The merchant asked the same again in other words. */
export function isAskedAgain(next: string, before: string): boolean {
  if (next === before) return false;
  const x = wordsOf(next);
  const y = wordsOf(before);
  const shared = [...x].filter((w) => y.has(w) || [...y].some((v) => v.slice(0, MIN_WORD + 1) === w.slice(0, MIN_WORD + 1))).length;
  return shared > 0 && shared / Math.max(1, Math.min(x.size, y.size)) >= SAME_QUESTION;
}

/** A guide followed at once by a handoff, or by the same question in other words, was likely the wrong guide. */
function likelyWrongGuides(turns: TurnRecord[], handoffs: HandoffRecord[]): Miss[] {
  const misses: Miss[] = [];
  const questions = turns.filter((t) => t.answer.kind !== 'smalltalk');
  for (const [i, turn] of questions.entries()) {
    if (turn.answer.kind !== 'guide') continue;
    const next = questions[i + 1];
    const base = { at: turn.at, locale: turn.locale, question: turn.question, conversationId: turn.conversationId, guideId: turn.answer.guideId };
    const handedOver = handoffs.some((h) => h.conversationId === turn.conversationId && h.at >= turn.at && (!next || h.at <= next.at));
    if (next?.answer.kind === 'handoff' || handedOver) misses.push({ ...base, kind: 'afterGuide' });
    else if (next && isAskedAgain(next.question, turn.question)) misses.push({ ...base, kind: 'askedAgain' });
  }
  return misses;
}
