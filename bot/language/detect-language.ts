import { eld } from 'eld/small';
import type { LanguagePack } from './language-pack.js';
import { tokenize } from './text.js';

export type Detection = { locale: string | undefined; sure: boolean };

// Words found in only one language's lists or guides, as a share of the message's letters, count this much next to
// eld's 0..1 score. Letters, not words: in "payment link partnersüsteemis" the long inflected word tells more.
const WORD_EVIDENCE = 0.8;
const FUNCTION_WORD = 2;
// The winner must lead by this much before a conversation changes language.
const SURE_MARGIN = 0.25;

export function createLanguageDetector(
  packs: ReadonlyMap<string, LanguagePack>,
  localesOfWord: (word: string) => readonly string[],
): (text: string) => Detection {
  const codes = [...packs.keys()];
  eld.setLanguageSubset(codes);
  return (text) => {
    const words = tokenize(text);
    if (words.length === 0) return { locale: undefined, sure: false };
    const scores = new Map<string, number>(codes.map((c) => [c, 0]));
    const eldScores = eld.detect(text).getScores();
    for (const code of codes) scores.set(code, eldScores[code] ?? 0);
    const letters = words.reduce((sum, w) => sum + w.length, 0);
    for (const word of words) {
      const owners = codes.filter((c) => packs.get(c)?.vocabulary.has(word) || localesOfWord(word).includes(c));
      const owner = owners.length === 1 ? (owners[0] as string) : undefined;
      // Function words and greetings tell a language best; topic words are often borrowed ("api keys", "refund").
      const weight = owner && packs.get(owner)?.vocabulary.has(word) ? FUNCTION_WORD : 1;
      if (owner) scores.set(owner, (scores.get(owner) ?? 0) + (WORD_EVIDENCE * weight * word.length) / letters);
    }
    const ranked = [...scores].sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    if (!first || first[1] === 0) return { locale: undefined, sure: false };
    return { locale: first[0], sure: first[1] - (second?.[1] ?? 0) >= SURE_MARGIN };
  };
}
