import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parsedAhead, remember } from '../parsed-yaml.js';
import { z } from 'zod';
import { createStemmer, EXACT, tokenize, wordMatches } from './text.js';

const words = z.array(z.string().min(1)).default([]);

const LanguageFileSchema = z.object({
  code: z.string().regex(/^[a-z]{2,3}$/, 'must be a two- or three-letter language code such as "et"'),
  webchatLocale: z.string().min(2),
  stopwords: words,
  suffixes: words,
  smalltalk: z.record(z.string(), words),
  filler: words,
  handoff: words,
  notHelpful: words,
  switchTo: words,
  vague: words,
  followup: words,
  // A question about one part of a process, not the whole ("how long", "still not", "the button"): the answer leads
  // with the guide's passage about it.
  detail: words,
  // What the merchant wants, apart from which service: setting up, finding or a step of it (`setupWants`), or
  // something a guide does not do (`otherWants`: why one payment failed, a limit, a currency, cancelling an order).
  // A message whose asking part has an other want and no setup want gets no guide, whatever service it names.
  setupWants: words,
  otherWants: words,
  // A question that only asks about the story before it ("mida teha?"): the story is then read for what is wanted.
  bareQuestions: words,
  // Words that point back at something said before ("that", "them", "seda"): "How do we switch that on?" after "customers
  // keep asking to pay by card" asks about card payments.
  refersBack: words,
  // After a guide: "it didn't work", "that's not what I asked" in this language's words.
  notWorked: words,
  // "now it works", "sain korda": a report that it worked, which no "tried everything" in the same message undoes.
  worked: words,
  yes: words,
  no: words,
  // Sound changes at the end of a stem ("kaart" → "kaardi", "link" → "lingi"), as "from:to" pairs tried both ways.
  alternations: z.array(z.string().regex(/^\p{L}+:\p{L}+$/u, 'must be written "from:to", e.g. "t:d"')).default([]),
  // Vowels a stem may end in that its dictionary form lacks ("lingi" → "ling").
  stemVowels: words,
  // Endings a noun takes ("tasu" → "tasud", "tasuga"; "fee" → "fees"): an out-of-scope cue matches its word with
  // these only, so a verb that shares the start ("tasuda", to pay) is not a fee.
  endings: words,
  // Words that name no service however often guides use them: countries, cities, shop platforms.
  neutral: words,
  // Words that end one clause and begin another ("but", "aga", "and want"): what comes after is weighed on its own.
  clauseBreaks: words,
  // What the merchant already has ("already", "juba olemas"): a clause with these weighs less than the one that asks.
  already: words,
  // What the merchant wants next ("want to add", "tahaks"): a clause with these, or a question mark, weighs most.
  wanted: words,
});

export type Phrase = readonly string[];

export type LanguagePack = {
  code: string;
  webchatLocale: string;
  stopwords: ReadonlySet<string>;
  filler: ReadonlySet<string>;
  stem: (word: string) => string;
  endings: ReadonlySet<string>;
  neutral: ReadonlySet<string>;
  clauseBreaks: Phrase[];
  already: Phrase[];
  wanted: Phrase[];
  /** the stem and the forms it takes with end alternations undone, e.g. "makselingi" → ["makselingi", "makseling", "makselink"] */
  variants: (stem: string) => string[];
  smalltalk: ReadonlyMap<string, Phrase[]>;
  handoff: Phrase[];
  notHelpful: Phrase[];
  switchTo: Phrase[];
  vague: Phrase[];
  followup: Phrase[];
  notWorked: Phrase[];
  worked: Phrase[];
  detail: Phrase[];
  setupWants: Phrase[];
  otherWants: Phrase[];
  bareQuestions: Phrase[];
  refersBack: ReadonlySet<string>;
  yes: Phrase[];
  no: Phrase[];
  /** every word this language's own lists know, for telling languages apart in short messages */
  vocabulary: ReadonlySet<string>;
};

// The lists that say what a message does, read together from every language file.
const READING_LISTS = [
  'handoff',
  'notHelpful',
  'vague',
  'followup',
  'notWorked',
  'worked',
  'detail',
  'setupWants',
  'otherWants',
  'bareQuestions',
  'already',
  'wanted',
  'yes',
  'no',
] as const;
export type ReadingLists = Record<(typeof READING_LISTS)[number] | 'botQuestions', Phrase[]>;

/**
 * Every language's reading lists, for a message written in `locale` (undefined when it cannot be told), built once per
 * language. Another language's one-word entry that is one of this language's small words is left out: "need", an
 * English wish, is Estonian for "these".
 */
export function createListReader(packs: readonly LanguagePack[]): (locale: string | undefined) => ReadingLists {
  const built = new Map<string | undefined, ReadingLists>();
  return (locale) => {
    const found = built.get(locale);
    if (found) return found;
    const own = packs.find((p) => p.code === locale);
    const small = (word: string) => own !== undefined && [...own.stopwords].some((s) => wordMatches(s, word));
    const of = (pick: (p: LanguagePack) => readonly Phrase[]) =>
      packs.flatMap((p) => pick(p).filter((phrase) => p === own || phrase.length > 1 || !small(phrase[0] as string)));
    const lists = {
      ...Object.fromEntries(READING_LISTS.map((k) => [k, of((p) => p[k])])),
      botQuestions: of((p) => p.smalltalk.get('bot') ?? []),
    } as ReadingLists;
    built.set(locale, lists);
    return lists;
  };
}

/** What the message's own language makes of its lists (every language's when it cannot be told), built once per language. */
export function ownLanguage<T>(packs: readonly LanguagePack[], make: (ps: readonly LanguagePack[]) => T): (locale: string | undefined) => T {
  const every = make(packs);
  const own = new Map(packs.map((p) => [p.code, make([p])]));
  return (locale) => (locale === undefined ? undefined : own.get(locale)) ?? every;
}

/** An entry's words; one written with a final "." keeps it, to be matched only as written. */
const phraseWords = (entry: string): string[] =>
  entry.split(/\s+/).flatMap((word) => {
    const tokens = tokenize(word);
    const last = tokens.at(-1);
    return word.endsWith(EXACT) && last !== undefined ? [...tokens.slice(0, -1), `${last}${EXACT}`] : tokens;
  });

const phrases = (list: string[]): Phrase[] => list.map(phraseWords).filter((p) => p.length > 0);

export function parseLanguagePack(source: string, file: string): LanguagePack {
  const parsed = LanguageFileSchema.safeParse(parseYaml(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`${file}: not a valid language file:\n${problems.join('\n')}`);
  }
  const data = parsed.data;
  const smalltalk = new Map(Object.entries(data.smalltalk).map(([kind, list]) => [kind, phrases(list)]));
  const vocabulary = new Set(
    [data.stopwords, data.filler, data.handoff, data.notHelpful, data.notWorked, data.worked, data.switchTo, data.vague, ...Object.values(data.smalltalk)]
      .flat()
      .flatMap(tokenize),
  );
  return {
    code: data.code,
    webchatLocale: data.webchatLocale,
    stopwords: new Set(data.stopwords.flatMap(tokenize)),
    filler: new Set(data.filler.flatMap(tokenize)),
    stem: createStemmer(data.suffixes),
    endings: new Set(data.endings.map((e) => tokenize(e).join(''))),
    neutral: new Set(data.neutral.flatMap(tokenize)),
    clauseBreaks: phrases(data.clauseBreaks),
    already: phrases(data.already),
    wanted: phrases(data.wanted),
    variants: createVariants(data.alternations, data.stemVowels),
    smalltalk,
    handoff: phrases(data.handoff),
    notHelpful: phrases(data.notHelpful),
    switchTo: phrases(data.switchTo),
    vague: phrases(data.vague),
    followup: phrases(data.followup),
    notWorked: phrases(data.notWorked),
    worked: phrases(data.worked),
    detail: phrases(data.detail),
    setupWants: phrases(data.setupWants),
    otherWants: phrases(data.otherWants),
    bareQuestions: phrases(data.bareQuestions),
    refersBack: new Set(data.refersBack.flatMap(tokenize)),
    yes: phrases(data.yes),
    no: phrases(data.no),
    vocabulary,
  };
}

/** The file's YAML, parsed by the build already if it has not changed since (parsed-yaml.ts). */
function parseYaml(source: string): unknown {
  const ahead = parsedAhead(source);
  if (ahead) return ahead.value;
  const value: unknown = parse(source);
  remember(source, value);
  return value;
}

// Only stems at least this long change form: short words are too easily another word.
const MIN_VARIANT_STEM = 5;

function createVariants(alternations: string[], stemVowels: string[]): (stem: string) => string[] {
  const pairs = alternations.flatMap((a) => {
    const [from, to] = a.split(':') as [string, string];
    return [
      [from, to],
      [to, from],
    ] as const;
  });
  const vowels = new Set(stemVowels);
  return (stem) => {
    if (stem.length < MIN_VARIANT_STEM) return [stem];
    const bases = vowels.has(stem.at(-1) ?? '') ? [stem, stem.slice(0, -1)] : [stem];
    const out = new Set(bases);
    for (const base of bases) for (const [from, to] of pairs) if (base.endsWith(from)) out.add(base.slice(0, -from.length) + to);
    return [...out];
  };
}

export function loadLanguagePacks(dir: string): Map<string, LanguagePack> {
  const packs = new Map<string, LanguagePack>();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const file = join(dir, name);
    const pack = parseLanguagePack(readFileSync(file, 'utf8'), file);
    if (`${pack.code}.yaml` !== name) throw new Error(`${file}: code "${pack.code}" does not match the file name.`);
    packs.set(pack.code, pack);
  }
  if (packs.size === 0) throw new Error(`${dir}: no language files (expected e.g. et.yaml, en.yaml).`);
  return packs;
}
