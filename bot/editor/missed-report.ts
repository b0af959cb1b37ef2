import { dirname, relative } from 'node:path';
import { stringify } from 'yaml';
import { tokenize } from '../language/text.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { FeedbackRecord, TurnRecord } from '../storage/records.js';
import { groupQuestions } from './question-groups.js';
import { type Route, routeOf } from './phrase-route.js';

/**
 * How the bot failed a merchant: no answer, asked back, 👎, handed to a person, or likely a wrong guide (the chat was
 * handed over right after a guide, or the merchant asked the same again in other words).
 */
export type MissKind = 'fallback' | 'clarify' | 'notHelpful' | 'handoff' | 'afterGuide' | 'askedAgain';
export const MISS_KINDS: readonly MissKind[] = ['fallback', 'clarify', 'notHelpful', 'handoff', 'afterGuide', 'askedAgain'];

/** One time the bot did not help: what the merchant had asked, and what happened. */
export type Miss = { kind: MissKind; at: string; locale: string; question: string; conversationId: string; guideId?: string };

export type Suggestion = { guideId: string; title: string; file: string; frontMatterLine: string };

export type MissedGroup = {
  locale: string;
  /** the newest question of the group */
  question: string;
  /** distinct wordings, newest first */
  examples: string[];
  count: number;
  kinds: Record<MissKind, number>;
  firstAt: string;
  lastAt: string;
  /** guides merchants marked 👎 for these questions */
  unhelpful: string[];
  /** what the bot does with the question today, after any edits since */
  now: Route;
  suggestion?: Suggestion;
};

// The report reads this many of the newest misses: enough for months of traffic, bounded work per page view.
const MAX_MISSES = 5_000;
const MAX_EXAMPLES = 5;

/** A chat handed to a person (the handoff queue's case), however it was asked for: typed, or the button. */
export type HandoffRecord = { conversationId: string; at: string; locale: string };

export type MissSources = { turns: TurnRecord[]; feedback: FeedbackRecord[]; handoffs?: HandoffRecord[] };

/**
 * Fallbacks, clarifications, 👎 and handoffs from the bot's records. A 👎 stands for the question that got the guide;
 * a handoff for the question asked before it (a bare "a person, please" says nothing an editor can use). Handoffs
 * come from the queue when given (it also sees the "Talk to a person" button), else from typed requests.
 */
export function collectMisses({ turns, feedback, handoffs }: MissSources): Miss[] {
  const misses: Miss[] = [];
  const byConversation = new Map<string, TurnRecord[]>();
  const askedBefore = (conversationId: string, at: string) =>
    (byConversation.get(conversationId) ?? []).filter((t) => t.at <= at && t.answer.kind !== 'handoff' && t.answer.kind !== 'smalltalk').at(-1);
  const sorted = [...turns].sort((a, b) => a.at.localeCompare(b.at));
  for (const turn of sorted) byConversation.set(turn.conversationId, [...(byConversation.get(turn.conversationId) ?? []), turn]);
  for (const turn of sorted) {
    const base = { at: turn.at, locale: turn.locale, conversationId: turn.conversationId };
    if (turn.answer.kind === 'fallback' || turn.answer.kind === 'clarify') misses.push({ ...base, kind: turn.answer.kind, question: turn.question });
    if (turn.answer.kind === 'handoff' && !handoffs) misses.push({ ...base, kind: 'handoff', question: askedBefore(turn.conversationId, turn.at)?.question ?? turn.question });
  }
  for (const h of handoffs ?? []) misses.push({ ...h, kind: 'handoff', question: askedBefore(h.conversationId, h.at)?.question ?? '' });
  for (const conversation of byConversation.values()) misses.push(...likelyWrongGuides(conversation, handoffs ?? []));
  for (const fb of feedback.filter((f) => !f.helpful)) {
    const answered = (byConversation.get(fb.conversationId) ?? []).filter((t) => t.answer.guideId === fb.guideId && t.at <= fb.at).at(-1);
    misses.push({ kind: 'notHelpful', at: fb.at, locale: fb.locale, question: answered?.question ?? '', conversationId: fb.conversationId, guideId: fb.guideId });
  }
  return misses.sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_MISSES);
}

// Two questions sharing this share of their longer words are the same question asked again.
const SAME_QUESTION = 0.34;
const MIN_WORD = 4;

const wordsOf = (text: string) => new Set(tokenize(text).filter((w) => w.length >= MIN_WORD));
function similar(a: string, b: string): boolean {
  const x = wordsOf(a);
  const y = wordsOf(b);
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
    else if (next && next.question !== turn.question && similar(next.question, turn.question)) misses.push({ ...base, kind: 'askedAgain' });
  }
  return misses;
}

export function buildMissedReport(kb: KnowledgeBase, misses: Miss[]): MissedGroup[] {
  const groups = groupQuestions(misses, (m) => m.question, (m) => m.locale, kb.content.languages);
  return groups
    .map(({ locale, items }) => {
      const kinds = Object.fromEntries(MISS_KINDS.map((k) => [k, items.filter((m) => m.kind === k).length])) as Record<MissKind, number>;
      const examples = [...new Set(items.map((m) => m.question).filter(Boolean))].slice(0, MAX_EXAMPLES);
      const question = examples[0] ?? '';
      const unhelpful = [...new Set(items.flatMap((m) => (m.guideId ? [m.guideId] : [])))];
      const now: Route = question ? routeOf(kb, question) : { kind: 'declined' };
      return {
        locale,
        question,
        examples,
        count: items.length,
        kinds,
        firstAt: items.at(-1)?.at ?? '',
        lastAt: items[0]?.at ?? '',
        unhelpful,
        now,
        suggestion: question ? suggest(kb, question, locale, now, unhelpful) : undefined,
      };
    })
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt));
}

/**
 * Where the question could become an example: the guide that answers it now, else a guide whose service the question
 * names, never one marked 👎 (or likely wrong) for it. None when an out-of-scope topic claims it (that is a decline,
 * not a missing phrasing) or when the question names no service: a guide that merely shares a word does not fit.
 */
function suggest(kb: KnowledgeBase, question: string, locale: string, now: Route, unhelpful: string[]): Suggestion | undefined {
  if (now.kind === 'declined' && now.id) return undefined;
  const answering = now.kind === 'guide' && !unhelpful.includes(now.id) ? now.id : undefined;
  const id = answering ?? kb.index.search(question).find((c) => c.kind === 'guide' && c.named && !unhelpful.includes(c.id))?.id;
  const guide = id ? kb.content.topics.get(id)?.get(locale) : undefined;
  if (!guide) return undefined;
  return { guideId: guide.id, title: guide.title, file: relative(dirname(kb.content.dir), guide.file), frontMatterLine: phraseLine(question) };
}

/** The question as one more item of a guide's `phrases:` list, quoted when YAML needs it. */
export function phraseLine(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return `  - ${stringify(oneLine, { lineWidth: 0 }).trim()}`;
}
