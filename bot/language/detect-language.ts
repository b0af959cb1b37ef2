import { eld } from 'eld/small';
import type { LanguagePack } from './language-pack.js';
import { foldText, tokenize } from './text.js';

export type Detection = { locale: string | undefined; sure: boolean };

// Words found in only one language's lists or guides, as a share of the message's letters, count this much next to
// eld's 0..1 score. Letters, not words: in "payment link partnersüsteemis" the long inflected word tells more.
const WORD_EVIDENCE = 0.8;
const FUNCTION_WORD = 2;
// A borrowed word given a case ending of one language only ("WooCommerce-is", "checkouti", "keysid") is that
// language's grammar: as strong a sign as a function word.
const HYPHENATED_ENDING = /(\p{L}{2,})-(\p{L}{1,4})(?![\p{L}\p{N}-])/gu;
const MIN_LOAN_STEM = 3;
// The winner must lead by this much before a conversation changes language.
const SURE_MARGIN = 0.25;

export function createLanguageDetector(
  packs: ReadonlyMap<string, LanguagePack>,
  localesOfWord: (word: string) => readonly string[],
): (text: string) => Detection {
  const codes = [...packs.keys()];
  eld.setLanguageSubset(codes);
  const ownersOf = (word: string) => codes.filter((c) => packs.get(c)?.vocabulary.has(word) || localesOfWord(word).includes(c));
  /** "checkouti" = "checkout" (only another language's word) + "i" (only this language's ending) */
  const loanOwner = (word: string): string | undefined => {
    const found = codes.filter((code) =>
      [...(packs.get(code)?.endings ?? [])].some((ending) => {
        if (!word.endsWith(ending) || word.length - ending.length < MIN_LOAN_STEM) return false;
        const stemOwners = ownersOf(word.slice(0, -ending.length));
        return stemOwners.length > 0 && !stemOwners.includes(code) && stemOwners.every((o) => !packs.get(o)?.endings.has(ending));
      }),
    );
    return onlyOne(found);
  };
  return (text) => {
    if (tokenize(text).length === 0) return { locale: undefined, sure: false };
    const scores = new Map<string, number>(codes.map((c) => [c, 0]));
    const eldScores = eld.detect(text).getScores();
    for (const code of codes) scores.set(code, eldScores[code] ?? 0);
    const evidence: { owner: string; weight: number; letters: number }[] = [];
    // "WooCommerce-is": the ending is counted on the whole word, and not again as a word of its own ("is").
    const unhyphenated = text.replace(HYPHENATED_ENDING, (whole, stem: string, ending: string) => {
      const owner = onlyOne(codes.filter((c) => packs.get(c)?.endings.has(foldText(ending))));
      if (!owner) return whole;
      evidence.push({ owner, weight: FUNCTION_WORD, letters: foldText(whole).replace(/ /g, '').length });
      return stem;
    });
    for (const word of tokenize(unhyphenated)) {
      const owner = onlyOne(ownersOf(word));
      const loan = owner ? undefined : loanOwner(word);
      // Function words, greetings and endings on borrowed words tell a language best; topic words are often borrowed
      // ("api keys", "refund"). A word of no language still counts among the letters.
      const weight = loan || (owner && packs.get(owner)?.vocabulary.has(word)) ? FUNCTION_WORD : owner ? 1 : 0;
      evidence.push({ owner: owner ?? loan ?? '', weight, letters: word.length });
    }
    const letters = evidence.reduce((sum, e) => sum + e.letters, 0);
    for (const e of evidence) if (e.owner) scores.set(e.owner, (scores.get(e.owner) ?? 0) + (WORD_EVIDENCE * e.weight * e.letters) / letters);
    const ranked = [...scores].sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    if (!first || first[1] === 0) return { locale: undefined, sure: false };
    return { locale: first[0], sure: first[1] - (second?.[1] ?? 0) >= SURE_MARGIN };
  };
}

const onlyOne = (values: readonly string[]): string | undefined => (values.length === 1 ? values[0] : undefined);
