import { dirname, relative } from 'node:path';
import { stringify } from 'yaml';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { MISS_KINDS, type Miss, type MissKind } from '../storage/misses.js';
import { groupQuestions } from './question-groups.js';
import { type Route, routeOf } from '../knowledge/phrase-route.js';

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
export const MAX_MISSES = 5_000;
const MAX_EXAMPLES = 5;

/**
 * Groups the misses (newest first) and tells, for the newest `limit` groups, what the bot does with each question now.
 * It pauses between slices of work (`pause`), so a large report never holds the event loop.
 */
export async function buildMissedReport(
  kb: KnowledgeBase,
  misses: Miss[],
  options: { limit?: number; pause?: () => Promise<void> } = {},
): Promise<MissedGroup[]> {
  const pause = options.pause ?? (async () => {});
  const grouped = await groupQuestions(
    misses,
    (m) => m.question,
    (m) => m.locale,
    kb.content.languages,
    pause,
  );
  const newestFirst = grouped
    .map((g) => ({ ...g, lastAt: g.items[0]?.at ?? '' }))
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
    .slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  const groups: MissedGroup[] = [];
  for (const { locale, items } of newestFirst) {
    await pause();
    groups.push(describe(kb, locale, items));
  }
  return groups;
}

function describe(kb: KnowledgeBase, locale: string, items: Miss[]): MissedGroup {
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
