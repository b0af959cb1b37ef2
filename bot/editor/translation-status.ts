import { createHash } from 'node:crypto';
import type { Guide } from '../knowledge/guide.js';
import type { Content } from '../knowledge/load-content.js';
import type { TranslationReviews } from './translation-reviews.js';

export type TranslationState =
  /** every language is as it was when last confirmed (or, never confirmed, all were reviewed the same day) */
  | { state: 'current'; confirmed: boolean }
  /** `changed` languages were edited after the last confirmation (or reviewed later than the others) */
  | { state: 'needsReview'; changed: string[]; confirmed: boolean }
  | { state: 'missing'; locales: string[] };

export type TopicStatus = {
  id: string;
  kind: Guide['kind'];
  /** title, file and reviewed date per language */
  versions: { locale: string; title: string; file: string; reviewed: string; hash: string }[];
  translation: TranslationState;
  /** the oldest `reviewed` date, when older than the allowed age */
  staleSince?: string;
};

const DAY_MS = 24 * 3600_000;

/** What a translator compares: the wording merchants read, not the example phrasings or keywords (those differ by language). */
export function translationHash(guide: Guide): string {
  const { title, summary, page, steps, article, body } = guide;
  return createHash('sha256').update(JSON.stringify({ title, summary, page, steps, article, body })).digest('hex').slice(0, 16);
}

export function topicStatuses(
  content: Content,
  confirmed: ReturnType<TranslationReviews['all']>,
  options: { maxReviewAgeDays: number; now: Date },
): TopicStatus[] {
  const locales = [...content.languages.keys()];
  const oldestAllowed = new Date(options.now.getTime() - options.maxReviewAgeDays * DAY_MS).toISOString().slice(0, 10);
  return [...content.topics].map(([id, byLocale]) => {
    const versions = [...byLocale.values()].map((g) => ({ locale: g.locale, title: g.title, file: g.file, reviewed: g.reviewed, hash: translationHash(g) }));
    const oldest = versions.map((v) => v.reviewed).sort()[0];
    return {
      id,
      kind: [...byLocale.values()][0]?.kind ?? 'guide',
      versions,
      translation: translationState(versions, locales, confirmed[id]),
      staleSince: oldest && oldest < oldestAllowed ? oldest : undefined,
    };
  });
}

function translationState(versions: TopicStatus['versions'], locales: string[], confirmed: Record<string, string> | undefined): TranslationState {
  const missing = locales.filter((l) => !versions.some((v) => v.locale === l));
  if (missing.length > 0) return { state: 'missing', locales: missing };
  if (confirmed) {
    const changed = versions.filter((v) => confirmed[v.locale] !== v.hash).map((v) => v.locale);
    return changed.length === 0 ? { state: 'current', confirmed: true } : { state: 'needsReview', changed, confirmed: true };
  }
  const newest = versions
    .map((v) => v.reviewed)
    .sort()
    .at(-1);
  const later = versions.filter((v) => v.reviewed === newest).map((v) => v.locale);
  return later.length === versions.length ? { state: 'current', confirmed: false } : { state: 'needsReview', changed: later, confirmed: false };
}
