import type { LanguagePack } from '../language/language-pack.js';
import { tokenize } from '../language/text.js';
import type { Content } from './load-content.js';

/** `anywhere`: a cue with a number in it ("order 7781") names one payment wherever it stands, even in the story. */
export type CueHit = { topic: string; cue: string; words: number; anywhere: boolean };

// "{number}" in a cue stands for any number of two or more digits: "order {number}" is "tellimus 7781".
const NUMBER = '{number}';
const NUMBER_TOKEN = '\u0000';
// ...but not a year: "Bank Payments (2023)" names a version, not a payment.
const isNumber = (token: string) => /^\d{2,}$/.test(token) && !/^(19|20)\d\d$/.test(token);
// Cue words may have this many words between them: "charged me twice" is "charged twice".
const CUE_GAP = 2;
// "…" in a cue stands for any words of the same clause: "kandke … tagasi" is "kandke kliendile 45 eurot tagasi".
const ANY = /\s*(?:…|\.\.\.)\s*/u;
const ANY_TOKEN = '\u0001';

type Cue = { topic: string; text: string; tokens: string[]; endings: ReadonlySet<string> };

/**
 * Out-of-scope cues: words or short phrases that show what the merchant wants whatever service they name. A cue's
 * word matches a merchant's word as written or with one of its language's noun endings, never by a typo or by its
 * start, so "tasu" (fee) does not meet "tasuda" (to pay) and "sulge" (close) does not meet "selge" (clear).
 */
export function createCueMatcher(content: Content): (tokens: readonly string[]) => CueHit[] {
  const cues: Cue[] = [];
  const small = new Set([...content.languages.values()].flatMap((p) => [...p.stopwords]));
  for (const [id, byLocale] of content.topics) {
    for (const topic of byLocale.values()) {
      const pack = content.languages.get(topic.locale) as LanguagePack;
      for (const cue of topic.cues) {
        cues.push({ topic: id, text: cue, tokens: withNumbers(cue), endings: pack.endings });
      }
    }
  }
  return (tokens) => {
    const hits: CueHit[] = [];
    for (const cue of cues)
      if (hasCue(tokens, cue, small)) {
        const words = cue.tokens.filter((t) => t !== ANY_TOKEN).length;
        hits.push({ topic: cue.topic, cue: cue.text, words, anywhere: cue.tokens.includes(NUMBER_TOKEN) });
      }
    return hits.sort((a, b) => b.words - a.words);
  };
}

function withNumbers(cue: string): string[] {
  const words = (text: string) => text.split(NUMBER).flatMap((part, i) => (i === 0 ? tokenize(part) : [NUMBER_TOKEN, ...tokenize(part)]));
  return cue.split(ANY).flatMap((part, i) => (i === 0 ? words(part) : [ANY_TOKEN, ...words(part)]));
}

function wordMeets(token: string, word: string, endings: ReadonlySet<string>): boolean {
  if (word === NUMBER_TOKEN) return isNumber(token);
  return token === word || (token.startsWith(word) && endings.has(token.slice(word.length)));
}

function hasCue(tokens: readonly string[], cue: Cue, small: ReadonlySet<string>): boolean {
  const [first, ...rest] = cue.tokens;
  if (first === undefined) return false;
  for (let start = 0; start < tokens.length; start++) {
    if (!wordMeets(tokens[start] as string, first, cue.endings)) continue;
    let at = start;
    let ok = true;
    let gap = CUE_GAP;
    for (const word of rest) {
      if (word === ANY_TOKEN) {
        gap = tokens.length;
        continue;
      }
      let found = -1;
      // A number follows its word at once or after a small word: "order 4471", "payment of 120", not "orders over 50".
      for (let i = at + 1; i <= Math.min(tokens.length - 1, at + 1 + gap); i++) {
        if (word === NUMBER_TOKEN && i > at + 1 && !small.has(tokens[i - 1] as string)) break;
        if (wordMeets(tokens[i] as string, word, cue.endings)) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      at = found;
      gap = CUE_GAP;
    }
    if (ok) return true;
  }
  return false;
}
