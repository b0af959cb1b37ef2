import { createListReader, type LanguagePack } from '../language/language-pack.js';
import { consistsOf, hasAnyPhrase, tokenize } from '../language/text.js';

/** `already`: the clause says what the merchant has or had, not what they want now; `sentence`: which one it is in. */
export type Clause = { text: string; weight: number; already: boolean; sentence: number };

// A clause about what the merchant already has ("bank payments already work") counts this much of the one that asks
// ("how do I add cards?"); a clause that only tells the story (greeting, who they are) counts a little more.
const ALREADY_WEIGHT = 0.3;
const STORY_WEIGHT = 0.6;

/**
 * Splits a message into clauses and weighs each by what it does: asking or wanting (1), telling the story (0.6),
 * saying what the merchant already has (0.3). A one-clause message is weighed 1, as before.
 */
export function createClauseSplitter(packs: readonly LanguagePack[]): (text: string, locale?: string) => Clause[] {
  const breaks = packs.flatMap((p) => p.clauseBreaks);
  const ignorable = new Set(packs.flatMap((p) => [...p.stopwords, ...p.filler]));
  const listsFor = createListReader(packs);
  return (text, locale) => {
    const { already, wanted, bareQuestions } = listsFor(locale);
    // "… taotlus on juba nädal ülevaatusel, kas see on normaalne?": a bare question asks about the story, which is
    // then the question, whatever it says the merchant has.
    const isBare = (tokens: string[]) => consistsOf(tokens, bareQuestions, ignorable);
    const parts: { text: string; asks: boolean; sentence: number }[] = [];
    for (const [n, sentence] of text.split(/(?<=[.!?;:\n])\s+/u).entries()) {
      // A question mark makes its whole sentence the asking part: "Klient vaidlustas kaardimakse, mida teha?"
      const asks = sentence.includes('?');
      let words: string[] = [];
      const written = sentence.split(/\s+/u);
      const folded = written.map((w) => tokenize(w)[0] ?? '');
      const breaksAt = (at: number) => breaks.some((phrase) => phrase.every((w, k) => folded[at + k] === w));
      for (const [at, word] of written.entries()) {
        const endsClause = word.endsWith(',');
        if (breaksAt(at) && words.length > 0) {
          parts.push({ text: words.join(' '), asks, sentence: n });
          words = [];
        }
        words.push(word);
        if (endsClause) {
          parts.push({ text: words.join(' '), asks, sentence: n });
          words = [];
        }
      }
      if (words.length > 0) parts.push({ text: words.join(' '), asks, sentence: n });
    }
    const clauses = parts.filter((p) => tokenize(p.text).length > 0);
    if (clauses.length <= 1) return [{ text, weight: 1, already: false, sentence: 0 }];
    const weighed = clauses.map((c) => {
      const tokens = tokenize(c.text);
      const has = hasAnyPhrase(tokens, already);
      if (hasAnyPhrase(tokens, wanted) || (c.asks && !has)) return { text: c.text, weight: 1, already: false, sentence: c.sentence };
      return { text: c.text, weight: has ? ALREADY_WEIGHT : STORY_WEIGHT, already: has, sentence: c.sentence };
    });
    const asking = weighed.filter((c) => c.weight === 1);
    if (asking.length > 0 && asking.length < weighed.length && asking.every((c) => isBare(tokenize(c.text)))) {
      return weighed.map((c) => ({ ...c, weight: 1 }));
    }
    const top = Math.max(...weighed.map((c) => c.weight));
    return weighed.map((c) => ({ ...c, weight: c.weight / top }));
  };
}

/** A clause with what searching it alone found: the topics, and whether each was named there. */
export type ClauseRead = { part: Clause; found: readonly { id: string; kind: string; named: boolean }[] };

/**
 * "Lots of customers ask to pay by card. How do we switch that on?": a last question that names no service but points
 * back is about the sentence just before it (or the clause, within one sentence), when that names a service, even as
 * what the merchant has ("Can we use our own DPD contract? How to set it up?"). That part then weighs as the question,
 * and the rest of the story as little as what the merchant has.
 */
export function pointedBack(read: ClauseRead[], pointers: readonly string[]): number[] | undefined {
  const last = read.at(-1);
  if (!last || last.part.weight !== 1 || last.found.some((c) => c.kind === 'guide' && c.named)) return undefined;
  if (!tokenize(last.part.text).some((t) => pointers.includes(t))) return undefined;
  // The sentence before a question that stands alone, or the clause before one that does not ("…, kuidas seda teha?").
  const alone = !read.some((r) => r.part.sentence === last.part.sentence && r !== last);
  const nearest = alone ? read.filter((r) => r.part.sentence === last.part.sentence - 1) : read.slice(-2, -1);
  const names = (rs: typeof read) => new Set(rs.flatMap((r) => r.found.filter((c) => c.kind === 'guide' && c.named).map((c) => c.id)));
  // What the merchant wants there, or else what they have when that is one service only ("we use X and Y" is no answer).
  const wanted = nearest.filter((r) => !r.part.already);
  const before = names(wanted).size > 0 ? wanted : names(nearest).size === 1 ? nearest : [];
  if (before.length === 0) return undefined;
  return read.map((r) => (r === last || before.includes(r) ? 1 : Math.min(r.part.weight, ALREADY_WEIGHT)));
}
