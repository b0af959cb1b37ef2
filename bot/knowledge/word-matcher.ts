import Fuse from 'fuse.js';

/** exact: the same stem; longer: an inflected or compound form of the term; shorter: the start of a longer term; typo: a misspelling. */
export type WordMatch = { term: string; strength: number; how: 'exact' | 'longer' | 'shorter' | 'typo' };

// Strength of a match that is not exact: a compound or longer form, then a typo found by fuse.js.
const PARTIAL_MATCH = 0.75;
const FUZZY_MATCH = 0.85;
// fuse.js score up to which a word is a candidate misspelling (0 = same, 1 = unrelated); edit distance then decides.
// fuse.js scores a swap of two letters ("payemnts") about 0.25, so the bar sits above that.
const FUZZY_THRESHOLD = 0.4;
// Compound parts shorter than this meet too many unrelated words.
export const MIN_PART = 5;
// A typo is one edit in a word of up to 7 letters, two in a longer one (fuse.js also finds a word inside a much
// longer one, or shares of letters, which are not typos). Words of five letters or fewer are too easily another real
// word ("panna", to put, is one letter from "panga"), except that two swapped letters ("crad", "lnigi") are still
// that word.
const MIN_TYPO_WORD = 6;
const MIN_SWAP_WORD = 4;
const MIN_STEM_TYPO = 8;
// Shorter terms with an ending are too often another word.
const MIN_INFLECTED = 3;
const maxTypos = (word: string) => (word.length >= 8 ? 2 : 1);

const contains = (form: string, term: string) => term.length >= MIN_PART && (form.startsWith(term) || form.endsWith(term));
const begins = (form: string, term: string) => form.length >= MIN_PART && term.startsWith(form);

/** True when a form of the merchant's word is this term, a longer form of it, a compound ending in it, or its start. */
export function formMeets(form: string, term: string): boolean {
  return form === term || contains(form, term) || begins(form, term);
}

/**
 * Finds the guide vocabulary a merchant's word meets: the same stem; else compound parts and longer forms
 * ("kaardimaksetega" → "kaardimakse"); else a misspelling found by fuse.js and confirmed by edit distance.
 */
export function createWordMatcher(
  vocabulary: readonly string[],
  endings: ReadonlySet<string> = new Set(),
): (forms: ReadonlySet<string>, word: string) => WordMatch[] {
  const known = new Set(vocabulary);
  // Typos rarely hit the first letter; searching only words that share it keeps fuse.js fast on large content.
  const byInitial = new Map<string, Fuse<string>>();
  for (const initial of new Set(vocabulary.map((v) => v[0] ?? ''))) {
    byInitial.set(
      initial,
      new Fuse(
        vocabulary.filter((v) => v[0] === initial),
        { includeScore: true, threshold: FUZZY_THRESHOLD, ignoreDiacritics: true, ignoreLocation: true },
      ),
    );
  }
  return (forms, word) => {
    const exact = [...forms].filter((f) => known.has(f));
    if (exact.length > 0) return exact.map((term) => ({ term, strength: 1, how: 'exact' as const }));
    const partial: WordMatch[] = [];
    const inflected: WordMatch[] = [];
    for (const term of vocabulary) {
      // A short name with a case ending ("Payga", "Shopifysse") is that name, though the stemmer leaves it whole.
      if (term.length >= MIN_INFLECTED && [...forms].some((f) => f.startsWith(term) && endings.has(f.slice(term.length)))) {
        inflected.push({ term, strength: 1, how: 'exact' });
      }
      if ([...forms].some((form) => contains(form, term))) partial.push({ term, strength: PARTIAL_MATCH, how: 'longer' });
      else if ([...forms].some((form) => begins(form, term))) partial.push({ term, strength: PARTIAL_MATCH, how: 'shorter' });
    }
    if (inflected.length > 0) return inflected;
    if (partial.length === 0) return typos(forms, word);
    // Only a part of a compound met a term ("kaartimakse" → "makse", "kaardimkased" → "kaard"): a close misspelling
    // of a whole, longer term ("kaardimakse") is what the merchant meant, and wins.
    const longest = Math.max(...partial.map((p) => p.term.length));
    const whole = typos(forms, word).filter((t) => t.term.length > longest);
    return whole.length > 0 ? whole : partial;
  };

  /** Misspellings of the word or of its stem ("kaartimaksete" → "kaartimakse" → "kaardimakse"). */
  function typos(forms: ReadonlySet<string>, word: string): WordMatch[] {
    const best = new Map<string, number>();
    for (const form of new Set([word, ...forms])) {
      // A stem is tried only for long compounds: a short stem is one or two edits from too many other words.
      if (form.length < MIN_SWAP_WORD || (form !== word && form.length < MIN_STEM_TYPO)) continue;
      // fuse.js scores swapped letters poorly in short words, so swaps are looked up directly.
      const swapped = swapsOf(form).filter((w) => known.has(w));
      const found = form.length < MIN_TYPO_WORD ? [] : (byInitial.get(form[0] ?? '')?.search(form, { limit: 5 }) ?? []).map((r) => r.item);
      for (const term of new Set([...swapped, ...found])) {
        const distance = editDistance(term, form);
        if (distance <= maxTypos(form) && distance < (best.get(term) ?? Number.POSITIVE_INFINITY)) best.set(term, distance);
      }
    }
    return [...best].map(([term, distance]) => ({ term, strength: FUZZY_MATCH * (1 - distance / word.length), how: 'typo' as const }));
  }
}

function swapsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  return out;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] as number) + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length] as number;
}

// A name word longer than the merchant's by at most this many letters is its derivation ("refund" → "refundable");
// a longer rest is another word of a compound ("makse" is not "makselink").
export const DERIVATION = 3;

// Estonian changes a word's last consonants when it declines it (link → lingi), so stems can differ near the end.
const STEM_END_VARIATION = 2;

/** Two stems of one word whose ends differ as Estonian declension changes them ("link", "lingi"). */
export function sameWordStem(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const shorter = Math.min(a.length, b.length);
  return Math.abs(a.length - b.length) <= STEM_END_VARIATION && common >= Math.max(MIN_PART, shorter - STEM_END_VARIATION);
}
