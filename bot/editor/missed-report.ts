import { dirname, relative } from 'node:path';
import { stringify } from 'yaml';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { FeedbackRecord, TurnRecord } from '../storage/records.js';
import { groupQuestions } from './question-groups.js';
import { type Route, routeOf } from './phrase-route.js';

export type MissKind = 'fallback' | 'clarify' | 'notHelpful' | 'handoff';
export const MISS_KINDS: readonly MissKind[] = ['fallback', 'clarify', 'notHelpful', 'handoff'];

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
  for (const fb of feedback.filter((f) => !f.helpful)) {
    const answered = (byConversation.get(fb.conversationId) ?? []).filter((t) => t.answer.guideId === fb.guideId && t.at <= fb.at).at(-1);
    misses.push({ kind: 'notHelpful', at: fb.at, locale: fb.locale, question: answered?.question ?? '', conversationId: fb.conversationId, guideId: fb.guideId });
  }
  return misses.sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_MISSES);
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
 * Where the question could become an example: the guide that answers it now, else the matcher's best guide for it,
 * never one marked 👎 for it. None when an out-of-scope topic claims it: that is a decline, not a missing phrasing.
 */
function suggest(kb: KnowledgeBase, question: string, locale: string, now: Route, unhelpful: string[]): Suggestion | undefined {
  if (now.kind === 'declined' && now.id) return undefined;
  const answering = now.kind === 'guide' && !unhelpful.includes(now.id) ? now.id : undefined;
  const id = answering ?? kb.index.search(question).find((c) => c.kind === 'guide' && !unhelpful.includes(c.id))?.id;
  const guide = id ? kb.content.topics.get(id)?.get(locale) : undefined;
  if (!guide) return undefined;
  return { guideId: guide.id, title: guide.title, file: relative(dirname(kb.content.dir), guide.file), frontMatterLine: phraseLine(question) };
}

/** The question as one more item of a guide's `phrases:` list, quoted when YAML needs it. */
export function phraseLine(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return `  - ${stringify(oneLine, { lineWidth: 0 }).trim()}`;
}
