import { type LanguagePack, ownLanguage } from '../language/language-pack.js';
import { hasPhrase, tokenize } from '../language/text.js';
import type { Candidate, GuideIndex } from './candidate.js';
import { createClauseSplitter, pointedBack } from './clauses.js';
import type { Content } from './load-content.js';
import { createWordMatcher, DERIVATION, formMeets, sameWordStem } from './word-matcher.js';

export type { Candidate, GuideIndex } from './candidate.js';

// How much a word counts by where the guide uses it: keywords are chosen, example phrasings are noisy.
const FIELD_WEIGHT = { keyword: 1, title: 0.8, phrase: 0.45 } as const;
// All words of a guide's multi-word keyword present ("maksa hiljem", "pay later") add this share of their weight again.
const PHRASE_BONUS = 0.5;
// A guide's first keyword is its name; the share of the name a question covers adds up to this much, so that
// "pangamaksed" is the bank-payments guide rather than "tagastamise võimalusega pangamaksed", though both use the word.
const NAME_BONUS = 2;
// Activation verbs ("aktiveeri", "enable") and neutral words ("Latvia", "Shopify") name no topic: they count this
// much of their weight.
const GENERIC_WEIGHT = 0.3;

type Phrase = { topic: string; stems: string[]; weight: number };
// An out-of-scope keyword with small words in it ("how much is", "mis maksab"), matched as written and in order.
type Sequence = { topic: string; tokens: string[]; weight: number };

export function createGuideIndex(content: Content): GuideIndex {
  const packs = [...content.languages.values()];
  const stopwords = new Set(packs.flatMap((p) => [...p.stopwords]));
  // Activation verbs and neutral words (countries, platforms) name no topic.
  const generic = new Set(packs.flatMap((p) => [...p.vague.flat(), ...p.neutral].map(p.stem)));
  const postings = new Map<string, Map<string, number>>(); // stem → topic → field weight
  const surface = new Map<string, Set<string>>();
  const stemLocales = new Map<string, Set<string>>(); // stem → the languages whose content uses it
  const kinds = new Map<string, 'guide' | 'decline'>();
  const names = new Map<string, string[][]>();
  const phrases = new Map<string, { topic: string; stems: string[]; field: 'guide' | 'decline' }>();
  const negations = new Set(packs.flatMap((p) => p.no.filter((phrase) => phrase.length === 1).flat()));
  const singleKeywords = new Map<string, Set<string>>(); // a guide's one-word keyword's stem → the guides
  const shrunk: { topic: string; locale: string; tokens: string[]; word: string; stem: string }[] = [];

  const contentWords = (tokens: string[]) => tokens.filter((w) => w.length > 1 && !stopwords.has(w));
  const wordsOf = (text: string) => contentWords(tokenize(text));
  // An out-of-scope keyword's written forms and the noun endings of its language: such a keyword counts only in
  // those forms ("tasu", "tasud", "tasuga"), never in a verb that shares its start ("tasuda", to pay).
  const declineForms = new Map<string, { written: Set<string>; endings: ReadonlySet<string> }>(); // by stem
  const index = (id: string, locale: string, stems: string[], words: string[], weight: number) => {
    if (kinds.get(id) === 'decline') {
      const endings = content.languages.get(locale)?.endings ?? new Set<string>();
      for (const [i, stem] of stems.entries()) {
        const forms = declineForms.get(stem) ?? { written: new Set<string>(), endings };
        forms.written.add(words[i] as string);
        declineForms.set(stem, forms);
      }
    }
    for (const [i, stem] of stems.entries()) {
      const posting = postings.get(stem) ?? new Map<string, number>();
      posting.set(id, Math.max(posting.get(id) ?? 0, weight));
      postings.set(stem, posting);
      stemLocales.set(stem, (stemLocales.get(stem) ?? new Set()).add(locale));
      surface.set(words[i] as string, (surface.get(words[i] as string) ?? new Set()).add(locale));
    }
  };

  for (const [id, byLocale] of content.topics) {
    for (const guide of byLocale.values()) {
      kinds.set(id, guide.kind);
      const pack = content.languages.get(guide.locale) as LanguagePack;
      const stemsOf = (words: string[]) => words.map(pack.stem);
      names.set(id, [...(names.get(id) ?? []), stemsOf(wordsOf(guide.keywords[0] ?? '')).filter((s) => !generic.has(s))]);
      for (const keyword of guide.keywords) {
        const words = wordsOf(keyword);
        // Without its small words it would shrink to one word: whether that word can count alone is known once every
        // guide is indexed (below).
        const tokens = tokenize(keyword);
        if (guide.kind === 'decline' && tokens.length > 1 && words.length === 1) {
          shrunk.push({ topic: id, locale: guide.locale, tokens, word: words[0] as string, stem: pack.stem(words[0] as string) });
          continue;
        }
        const stems = stemsOf(words);
        // "no website" is not "website": a keyword that is one word only without a "no" does not name the service.
        if (stems.length === 1 && !tokens.some((t) => negations.has(t)) && guide.kind === 'guide')
          singleKeywords.set(stems[0] as string, (singleKeywords.get(stems[0] as string) ?? new Set()).add(id));
        if (stems.length > 1) phrases.set(`${id}:${stems.join(' ')}`, { topic: id, stems, field: guide.kind });
        // An out-of-scope topic's multi-word keywords ("ei jõudnud kohale") count only whole: their words alone are everyday words.
        if (guide.kind === 'guide' || stems.length === 1) index(id, guide.locale, stems, words, FIELD_WEIGHT.keyword);
      }
      // Out-of-scope topics are recognised by their chosen keywords only; titles and phrasings are full of everyday words.
      if (guide.kind === 'decline') continue;
      index(id, guide.locale, stemsOf(wordsOf(guide.title)), wordsOf(guide.title), FIELD_WEIGHT.title);
      for (const phrase of guide.phrases) index(id, guide.locale, stemsOf(wordsOf(phrase)), wordsOf(phrase), FIELD_WEIGHT.phrase);
    }
  }

  const guideCount = [...kinds.values()].filter((k) => k === 'guide').length;
  const guidesWith = (stem: string) => [...(postings.get(stem)?.keys() ?? [])].filter((t) => kinds.get(t) === 'guide').length;
  // An out-of-scope keyword that is small words plus one everyday word ("how much", "mis maksab": "much" is filler,
  // guides say "maksa" too) counts only as written, word after word ("how much time" is not "how much do"). One that
  // shrinks to a telling word ("paid out" to "paid") counts by that word, as before.
  const sequences: Omit<Sequence, 'weight'>[] = [];
  const formsOf = (word: string) => new Set([word, ...packs.flatMap((p) => p.variants(p.stem(word)))]);
  const guideStems = [...postings.keys()].filter((stem) => guidesWith(stem) > 0);
  for (const k of shrunk) {
    const forms = [...formsOf(k.word)];
    const everyday = content.languages.get(k.locale)?.filler.has(k.word) || guideStems.some((stem) => forms.some((form) => formMeets(form, stem)));
    if (everyday) sequences.push({ topic: k.topic, tokens: k.tokens });
    else index(k.topic, k.locale, [k.stem], [k.word], FIELD_WEIGHT.keyword);
  }
  const rarity = (stem: string, topics: number) =>
    guidesWith(stem) > 0 ? Math.log(1 + guideCount / guidesWith(stem)) : Math.log(1 + content.topics.size / Math.max(1, topics));
  const idf = new Map([...postings].map(([stem, posting]) => [stem, rarity(stem, posting.size) * (generic.has(stem) ? GENERIC_WEIGHT : 1)]));
  const phraseList: Phrase[] = [...phrases.values()].map((p) => ({
    topic: p.topic,
    stems: p.stems,
    weight: p.stems.reduce((sum, s) => sum + (idf.get(s) ?? rarity(s, 1)), 0) * (p.field === 'guide' ? PHRASE_BONUS : 1),
  }));
  const sequenceList: Sequence[] = sequences.map((q) => ({
    ...q,
    weight: q.tokens.reduce((sum, t) => sum + Math.max(...packs.map((p) => idf.get(p.stem(t)) ?? rarity(p.stem(t), 1))), 0),
  }));
  const matchWord = createWordMatcher([...postings.keys()], new Set(packs.flatMap((p) => [...p.endings])));
  const isDeclineForm = (word: string, term: string) => {
    const forms = declineForms.get(term);
    if (!forms) return true;
    return forms.written.has(word) || (word.startsWith(term) && forms.endings.has(word.slice(term.length)));
  };

  const clauses = createClauseSplitter(packs);
  const oneWord = (list: readonly (readonly string[])[]) => list.filter((phrase) => phrase.length === 1).flat();
  const setupWords = ownLanguage(packs, (ps) => new Set(ps.flatMap((p) => [...oneWord(p.setupWants), ...oneWord(p.vague)])));
  const pointers = ownLanguage(packs, (ps) => ps.flatMap((p) => [...p.refersBack]));
  // A name word that only one guide's name has ("link", "kaardimakse"); "payment" is in four names and names none.
  const nameOwners = new Map<string, Set<string>>();
  for (const [id, list] of names) for (const name of list) for (const stem of name) nameOwners.set(stem, (nameOwners.get(stem) ?? new Set()).add(id));
  const narrows = (narrow: string, broad: string) =>
    (names.get(narrow) ?? []).some((n) => (names.get(broad) ?? []).some((b) => b.length > 0 && n.length > b.length && b.every((stem) => n.includes(stem))));
  // "bank" is in two names, but the other one ("refundable bank payments") narrows this one, so it still names it.
  const ownNameWords = new Map(
    [...names.keys()].map((id) => [
      id,
      new Set([...nameOwners].filter(([, owners]) => owners.has(id) && [...owners].every((o) => o === id || narrows(o, id))).map(([stem]) => stem)),
    ]),
  );

  /** Each clause searched alone and its scores added by the clause's weight: the question outweighs the story. */
  function search(text: string, locale?: string): Candidate[] {
    const parts = clauses(text, locale);
    if (parts.length === 1) return searchClause(text, locale);
    const read = parts.map((part) => ({ part, found: searchClause(part.text, locale) }));
    const pointed = pointedBack(read, pointers(locale));
    const weights = pointed ?? parts.map((p) => p.weight);
    const merged = new Map<string, Candidate>();
    for (const [i, { part, found: results }] of read.entries()) {
      const weight = weights[i] as number;
      for (const c of results) {
        const found = merged.get(c.id) ?? { ...c, score: 0, nameBonus: 0, matched: [], named: false };
        // A service named only where the merchant says they have it ("konto kinnitati ära") is not the one asked about.
        // When the question points back, only what it points at names a service.
        found.named ||= c.named && (pointed === undefined ? !part.already : weight === 1);
        found.score += weight * c.score;
        found.nameBonus += weight * c.nameBonus;
        found.matched.push(...c.matched.map((m) => ({ ...m, score: weight * m.score })));
        merged.set(c.id, found);
      }
    }
    return [...merged.values()].sort((a, b) => b.score - a.score);
  }

  function searchClause(text: string, locale: string | undefined): Candidate[] {
    const tokens = tokenize(text);
    const words = [...new Set(contentWords(tokens))];
    const forms = words.map(formsOf);
    const scores = new Map<string, Candidate>();
    const candidate = (id: string) => {
      const found = scores.get(id) ?? { id, kind: kinds.get(id) ?? 'guide', score: 0, nameBonus: 0, matched: [], named: false };
      scores.set(id, found);
      return found;
    };
    // A setup word as written ("pakkuda", to offer; "installed") names no topic, though its stem may be a keyword's ("pakk", parcel).
    const setupVerbs = setupWords(locale);
    const setupVerb = (word: string) => setupVerbs.has(word);
    const matchedStems = new Set<string>();
    // Terms the merchant's words are (as written, inflected, misspelt or in a compound), not merely begin.
    const wholeStems = new Set<string>();
    for (const [i, word] of words.entries()) {
      const best = new Map<string, { term: string; score: number }>();
      for (const { term, strength, how } of matchWord(forms[i] as Set<string>, word)) {
        // A misspelling is of a word of the merchant's own language: English "transfers" is not Estonian "transport".
        if (how === 'typo' && locale !== undefined && !stemLocales.get(term)?.has(locale)) continue;
        matchedStems.add(term);
        if (how !== 'shorter') wholeStems.add(term);
        // Out-of-scope topics count only words no guide uses ("fee", "parool"): "card payments" never looks like a dispute.
        const specific = guidesWith(term) === 0;
        for (const [topic, field] of postings.get(term) ?? []) {
          // ...and only as written or inflected ("pettuse" is "pettus"), never by its start: "ettevõtte" is not "ettevõttelaen".
          if (kinds.get(topic) === 'decline' && (!specific || how === 'shorter' || !isDeclineForm(word, term))) continue;
          const score = strength * field * (idf.get(term) ?? 0) * (setupVerb(word) ? GENERIC_WEIGHT : 1);
          if (score > (best.get(topic)?.score ?? 0)) best.set(topic, { term, score });
        }
      }
      for (const [topic, hit] of best) {
        const found = candidate(topic);
        found.score += hit.score;
        found.matched.push({ word, ...hit });
      }
    }
    const hasStem = (stem: string) => matchedStems.has(stem) || forms.some((f) => [...f].some((form) => formMeets(form, stem)));
    // A name word counts when the merchant wrote it whole, or in a form that only differs at the end ("makselingi" for
    // "makselink"); "makse" (payment) is the start of "makselink" but does not name payment links.
    // "refund" names "refundable" (a short derivation), though.
    const namesStem = (stem: string) =>
      wholeStems.has(stem) || [...wholeStems].some((m) => sameWordStem(m, stem) || (stem.startsWith(m) && stem.length - m.length <= DERIVATION));
    for (const phrase of phraseList) {
      if (phrase.stems.every(hasStem) && (kinds.get(phrase.topic) === 'decline' || scores.has(phrase.topic))) {
        const found = candidate(phrase.topic);
        found.score += phrase.weight;
        found.named = true;
        if (found.kind === 'decline') found.matched.push({ word: phrase.stems.join(' '), term: phrase.stems.join(' '), score: phrase.weight });
      }
    }
    for (const sequence of sequenceList) {
      if (!hasPhrase(tokens, sequence.tokens, 0)) continue;
      const found = candidate(sequence.topic);
      found.score += sequence.weight;
      found.matched.push({ word: sequence.tokens.join(' '), term: sequence.tokens.join(' '), score: sequence.weight });
    }
    for (const found of scores.values()) {
      if (found.kind === 'decline') continue;
      const coverage = Math.max(...(names.get(found.id) ?? []).map((name) => nameCoverage(name, namesStem, idf)));
      found.nameBonus = NAME_BONUS * coverage;
      found.score += found.nameBonus;
      // Named: the whole name, or a word of it no other name has ("links"), or one of its one-word keywords.
      const namedBy = (name: string[]) =>
        name.length > 0 && (name.every(namesStem) || name.some((s) => ownNameWords.get(found.id)?.has(s) === true && namesStem(s)));
      found.named ||=
        (names.get(found.id) ?? []).some(namedBy) ||
        found.matched.some((m) => !setupVerb(m.word) && wholeStems.has(m.term) && singleKeywords.get(m.term)?.has(found.id));
    }
    return [...scores.values()].sort((a, b) => b.score - a.score);
  }

  return { search, clauses, localesOfWord: (word) => [...(surface.get(word) ?? [])], narrows };
}

function nameCoverage(name: string[], hasStem: (stem: string) => boolean, idf: Map<string, number>): number {
  const total = name.reduce((sum, s) => sum + (idf.get(s) ?? 0), 0);
  const covered = name.filter(hasStem).reduce((sum, s) => sum + (idf.get(s) ?? 0), 0);
  return total === 0 ? 0 : covered / total;
}
