import type { LanguagePack } from '../language/language-pack.js';
import { foldText, tokenize } from '../language/text.js';

export type Grouped<T> = { locale: string; items: T[] };

// Two questions are "the same question" when at least half of their content words (stemmed) are shared:
// "kaardimakse aktiveerimine" and "kuidas aktiveerida kaardimakseid" meet, "kaardimakse tasu" and "kaardimakse vorm" do not.
const SAME_QUESTION = 0.5;

type Group<T> = { order: number; locale: string; items: T[]; words: Set<string>[]; wordKeys: Set<string> };

/**
 * Groups questions by language and word overlap (single linkage over stemmed content words).
 * Items keep their order inside a group; groups are ordered by their first item, so pass items newest first.
 * Only groups sharing a word with a question are compared with it (an index by word), and `pause` is awaited
 * between questions, so thousands of questions neither take long nor hold the event loop.
 */
export async function groupQuestions<T>(
  items: T[],
  textOf: (item: T) => string,
  localeOf: (item: T) => string,
  packs: ReadonlyMap<string, LanguagePack>,
  pause: () => Promise<void> = async () => {},
): Promise<Grouped<T>[]> {
  const stopwords = new Set([...packs.values()].flatMap((p) => [...p.stopwords, ...p.filler]));
  const groups: Group<T>[] = [];
  const byWord = new Map<string, Set<Group<T>>>();
  const byText = new Map<string, Group<T>>();
  for (const item of items) {
    await pause();
    const locale = localeOf(item);
    const pack = packs.get(locale);
    const folded = foldText(textOf(item));
    const words = new Set(tokenize(folded).filter((w) => w.length > 1 && !stopwords.has(w)).map((w) => (pack ? pack.stem(w) : w)));
    let group = byText.get(`${locale}\u0000${folded}`);
    if (!group) {
      const candidates = new Set<Group<T>>();
      for (const w of words) for (const g of byWord.get(`${locale}\u0000${w}`) ?? []) candidates.add(g);
      // The oldest group that matches, as a scan in order would find it.
      for (const g of candidates) if ((!group || g.order < group.order) && g.words.some((other) => overlap(words, other) >= SAME_QUESTION)) group = g;
    }
    const target = group ?? { order: groups.length, locale, items: [], words: [], wordKeys: new Set<string>() };
    if (!group) groups.push(target);
    target.items.push(item);
    byText.set(`${locale}\u0000${folded}`, target);
    const wordKey = [...words].sort().join(' ');
    if (target.wordKeys.has(wordKey)) continue;
    target.wordKeys.add(wordKey);
    target.words.push(words);
    for (const w of words) {
      const key = `${locale}\u0000${w}`;
      const set = byWord.get(key) ?? new Set<Group<T>>();
      set.add(target);
      byWord.set(key, set);
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
