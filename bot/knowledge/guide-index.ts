import Fuse from 'fuse.js';
import type { LanguagePack } from '../language/language-pack.js';
import { tokenize } from '../language/text.js';
import type { Content } from './load-content.js';

export type Candidate = {
  id: string;
  kind: 'guide' | 'decline';
  score: number;
  /** the merchant's words that matched, each with the guide word it met */
  matched: { word: string; term: string; score: number }[];
};

export type GuideIndex = {
  search: (text: string) => Candidate[];
  /** locales whose guides use this word as written, for telling languages apart */
  localesOfWord: (word: string) => readonly string[];
};

// How much a word counts by where the guide uses it: keywords are chosen, example phrasings are noisy.
const FIELD_WEIGHT = { keyword: 1, title: 0.8, phrase: 0.45 } as const;
// Strength of a match that is not exact: a compound or longer form, then a typo found by fuse.js.
const PARTIAL_MATCH = 0.75;
const FUZZY_MATCH = 0.85;
// fuse.js score at which a word is still taken as a misspelling (0 = same, 1 = unrelated).
const FUZZY_THRESHOLD = 0.25;
// Compound parts shorter than this meet too many unrelated words.
const MIN_PART = 5;
// All words of a multi-word keyword present ("maksa hiljem", "pay later") add this share of their weight again.
const PHRASE_BONUS = 0.5;
// A guide's first keyword is its name; the share of the name a question covers adds up to this much, so that
// "pangamaksed" is the bank-payments guide rather than "tagastamise võimalusega pangamaksed", though both use the word.
const NAME_BONUS = 1.5;
// Activation verbs ("aktiveeri", "enable") name no topic: they count this much of their weight.
const GENERIC_WEIGHT = 0.3;
// A typo is a small edit: fuse.js also finds a word inside a much longer one, which is not a typo.
const MAX_TYPO_LENGTH_DIFFERENCE = 1;
const MIN_TYPO_WORD = 5;

type Posting = Map<string, number>; // topic id → field weight
type KeywordPhrase = { topic: string; stems: string[] };

export function createGuideIndex(content: Content): GuideIndex {
  const packs = [...content.languages.values()];
  const stopwords = new Set(packs.flatMap((p) => [...p.stopwords]));
  const postings = new Map<string, Posting>();
  const surface = new Map<string, Set<string>>();
  const kinds = new Map<string, 'guide' | 'decline'>();
  const phrases: KeywordPhrase[] = [];
  const phraseKeys = new Set<string>();
  const names = new Map<string, Set<string>[]>();
  const generic = new Set(packs.flatMap((p) => p.vague.flat().map(p.stem)));

  const add = (stem: string, topic: string, weight: number) => {
    const posting = postings.get(stem) ?? new Map<string, number>();
    posting.set(topic, Math.max(posting.get(topic) ?? 0, weight));
    postings.set(stem, posting);
  };
  for (const [id, byLocale] of content.topics) {
    for (const guide of byLocale.values()) {
      kinds.set(id, guide.kind);
      const pack = content.languages.get(guide.locale) as LanguagePack;
      const nameWords = tokenize(guide.keywords[0] ?? '').filter((w) => !stopwords.has(w)).map(pack.stem).filter((w) => !generic.has(w));
      names.set(id, [...(names.get(id) ?? []), new Set(nameWords)]);
      // An out-of-scope topic is recognised by its chosen words only: its example phrasings are full of everyday words.
      const fields: [string[], number][] = [
        [guide.keywords, FIELD_WEIGHT.keyword],
        [[guide.title], FIELD_WEIGHT.title],
        [guide.kind === 'guide' ? guide.phrases : [], FIELD_WEIGHT.phrase],
      ];
      for (const [texts, weight] of fields) {
        for (const text of texts) {
          const words = tokenize(text).filter((w) => !stopwords.has(w));
          for (const word of words) {
            add(pack.stem(word), id, weight);
            const locales = surface.get(word) ?? new Set<string>();
            surface.set(word, locales.add(guide.locale));
          }
          const key = `${id}:${words.map(pack.stem).join(' ')}`;
          if (weight === FIELD_WEIGHT.keyword && words.length > 1 && !phraseKeys.has(key)) {
            phraseKeys.add(key);
            phrases.push({ topic: id, stems: words.map(pack.stem) });
          }
        }
      }
    }
  }

  // An out-of-scope topic counts only words no guide uses ("fee", "parool"), so "card payments" never looks like a dispute.
  const guideCount = [...kinds.values()].filter((k) => k === 'guide').length;
  const guidesWith = (stem: string) => [...(postings.get(stem)?.keys() ?? [])].filter((topic) => kinds.get(topic) === 'guide').length;
  const inGuides = (stem: string) => guidesWith(stem) > 0;
  const idf = new Map(
    [...postings].map(([stem, posting]) => {
      const rarity = inGuides(stem) ? Math.log(1 + guideCount / guidesWith(stem)) : Math.log(1 + content.topics.size / posting.size);
      return [stem, rarity * (generic.has(stem) ? GENERIC_WEIGHT : 1)];
    }),
  );
  const vocabulary = [...postings.keys()];
  const byInitial = new Map<string, Fuse<string>>();
  for (const initial of new Set(vocabulary.map((v) => v[0] ?? ''))) {
    byInitial.set(initial, new Fuse(vocabulary.filter((v) => v[0] === initial), { includeScore: true, threshold: FUZZY_THRESHOLD, ignoreDiacritics: true, ignoreLocation: true }));
  }

  const formsOf = (word: string) => new Set([word, ...packs.map((p) => p.stem(word))]);

  function termsFor(word: string): { term: string; strength: number }[] {
    const forms = formsOf(word);
    const exact = [...forms].filter((f) => postings.has(f));
    if (exact.length > 0) return exact.map((term) => ({ term, strength: 1 }));
    const partial: { term: string; strength: number }[] = [];
    for (const term of vocabulary) {
      for (const form of forms) {
        const contains = term.length >= MIN_PART && (form.startsWith(term) || form.endsWith(term));
        const extends_ = form.length >= MIN_PART && term.startsWith(form);
        if (contains || extends_) {
          partial.push({ term, strength: PARTIAL_MATCH });
          break;
        }
      }
    }
    if (partial.length > 0 || word.length < MIN_TYPO_WORD) return partial;
    const fuse = byInitial.get(word[0] ?? '');
    return (fuse?.search(word, { limit: 3 }) ?? [])
      .filter((r) => Math.abs(r.item.length - word.length) <= MAX_TYPO_LENGTH_DIFFERENCE)
      .map((r) => ({ term: r.item, strength: FUZZY_MATCH * (1 - (r.score ?? 1)) }));
  }

  function search(text: string): Candidate[] {
    const words = [...new Set(tokenize(text).filter((w) => w.length > 1 && !stopwords.has(w)))];
    const scores = new Map<string, Candidate>();
    const matchedStems = new Set<string>();
    for (const word of words) {
      const best = new Map<string, { term: string; score: number }>();
      for (const { term, strength } of termsFor(word)) {
        matchedStems.add(term);
        const specific = !inGuides(term);
        for (const [topic, field] of postings.get(term) ?? []) {
          if (kinds.get(topic) === 'decline' && !specific) continue;
          const score = strength * field * (idf.get(term) ?? 0);
          if (score > (best.get(topic)?.score ?? 0)) best.set(topic, { term, score });
        }
      }
      for (const [topic, hit] of best) {
        const candidate = scores.get(topic) ?? { id: topic, kind: kinds.get(topic) ?? 'guide', score: 0, matched: [] };
        candidate.score += hit.score;
        candidate.matched.push({ word, term: hit.term, score: hit.score });
        scores.set(topic, candidate);
      }
    }
    for (const phrase of phrases) {
      const candidate = scores.get(phrase.topic);
      if (candidate && phrase.stems.every((s) => matchedStems.has(s))) {
        candidate.score += PHRASE_BONUS * phrase.stems.reduce((sum, s) => sum + (idf.get(s) ?? 0), 0);
      }
    }
    for (const candidate of scores.values()) {
      const coverage = Math.max(...(names.get(candidate.id) ?? []).map((name) => nameCoverage(name, matchedStems, idf)));
      candidate.score += NAME_BONUS * coverage;
    }
    return [...scores.values()].sort((a, b) => b.score - a.score);
  }

  return { search, localesOfWord: (word) => [...(surface.get(word) ?? [])] };
}

function nameCoverage(title: Set<string>, matched: Set<string>, idf: Map<string, number>): number {
  let total = 0;
  let covered = 0;
  for (const stem of title) {
    const weight = idf.get(stem) ?? 0;
    total += weight;
    if (matched.has(stem)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}
