import type { LanguagePack } from '../language/language-pack.js';
import { foldText, tokenize } from '../language/text.js';

export type Grouped<T> = { locale: string; items: T[] };

// Two questions are "the same question" when at least half of their content words (stemmed) are shared:
// "kaardimakse aktiveerimine" and "kuidas aktiveerida kaardimakseid" meet, "kaardimakse tasu" and "kaardimakse vorm" do not.
const SAME_QUESTION = 0.5;

/**
 * Groups questions by language and word overlap (single linkage over stemmed content words).
 * Items keep their order inside a group; groups are ordered by their first item, so pass items newest first.
 */
export function groupQuestions<T>(items: T[], textOf: (item: T) => string, localeOf: (item: T) => string, packs: ReadonlyMap<string, LanguagePack>): Grouped<T>[] {
  const stopwords = new Set([...packs.values()].flatMap((p) => [...p.stopwords, ...p.filler]));
  const groups: { locale: string; items: T[]; words: Set<string>[]; folded: Set<string> }[] = [];
  for (const item of items) {
    const locale = localeOf(item);
    const pack = packs.get(locale);
    const folded = foldText(textOf(item));
    const words = new Set(tokenize(folded).filter((w) => w.length > 1 && !stopwords.has(w)).map((w) => (pack ? pack.stem(w) : w)));
    const group = groups.find(
      (g) => g.locale === locale && (g.folded.has(folded) || (words.size > 0 && g.words.some((other) => overlap(words, other) >= SAME_QUESTION))),
    );
    if (group) {
      group.items.push(item);
      group.words.push(words);
      group.folded.add(folded);
    } else {
      groups.push({ locale, items: [item], words: [words], folded: new Set([folded]) });
    }
  }
  return groups.map(({ locale, items: grouped }) => ({ locale, items: grouped }));
}

/** Jaccard: shared words over all words of both. */
function overlap(a: Set<string>, b: Set<string>): number {
  if (b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}
