import type { LanguagePack } from '../language/language-pack.js';
import { foldText, tokenize } from '../language/text.js';

export type Grouped<T> = { locale: string; items: T[] };

// Two questions are "the same question" when at least half of their content words (stemmed) are shared:
// "kaardimakse aktiveerimine" and "kuidas aktiveerida kaardimakseid" meet, "kaardimakse tasu" and "kaardimakse vorm" do not.
const SAME_QUESTION = 0.5;

type Group<T> = { order: number; locale: string; items: T[] };
type WordSet<T> = { size: number; group: Group<T> };

/**
 * Groups questions by language and word overlap (single linkage over stemmed content words).
 * Items keep their order inside a group; groups are ordered by their first item, so pass items newest first.
 * Each distinct set of words is indexed by word, so a question is compared only with the wordings that share a word
 * with it, and `pause` is awaited between questions: thousands of questions neither take long nor hold the event loop.
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
  const byText = new Map<string, Group<T>>();
  const wordSets: WordSet<T>[] = [];
  const byWordSet = new Map<string, Group<T>>();
  const postings = new Map<string, number[]>();
  for (const item of items) {
    await pause();
    const locale = localeOf(item);
    const pack = packs.get(locale);
    const folded = foldText(textOf(item));
    const words = [
      ...new Set(
        tokenize(folded)
          .filter((w) => w.length > 1 && !stopwords.has(w))
          .map((w) => (pack ? pack.stem(w) : w)),
      ),
    ];
    const wordKey = `${locale}\u0000${[...words].sort().join(' ')}`;
    let group = byText.get(`${locale}\u0000${folded}`);
    if (words.length > 0) {
      const shared = new Map<number, number>();
      for (const w of words) for (const id of postings.get(`${locale}\u0000${w}`) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
      // The oldest group that matches, as a scan in order would find it.
      for (const [id, n] of shared) {
        const other = wordSets[id] as WordSet<T>;
        if (n / (words.length + other.size - n) >= SAME_QUESTION && (!group || other.group.order < group.order)) group = other.group;
      }
    }
    const target = group ?? { order: groups.length, locale, items: [] };
    if (!group) groups.push(target);
    target.items.push(item);
    byText.set(`${locale}\u0000${folded}`, target);
    if (words.length === 0 || byWordSet.has(wordKey)) continue;
    byWordSet.set(wordKey, target);
    const id = wordSets.push({ size: words.length, group: target }) - 1;
    for (const w of words) {
      const key = `${locale}\u0000${w}`;
      const list = postings.get(key);
      if (list) list.push(id);
      else postings.set(key, [id]);
    }
  }
  return groups.map(({ locale, items: grouped }) => ({ locale, items: grouped }));
}
