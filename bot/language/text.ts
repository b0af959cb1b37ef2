export function foldText(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[’'`´]/g, '')
      // "e-pood", "e-post", "e-mail" are one word; "API-võtmed" stays two.
      .replace(/(?<![\p{L}\p{N}])(\p{L})-(?=\p{L})/gu, '$1')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

export function tokenize(text: string): string[] {
  const folded = foldText(text);
  return folded === '' ? [] : folded.split(' ');
}

// Shorter stems lose too much meaning ("maks" would meet "makse" and "maksa").
const MIN_STEM = 4;

export function createStemmer(suffixes: readonly string[]): (word: string) => string {
  const ordered = [...new Set(suffixes.map(foldText))].sort((a, b) => b.length - a.length);
  return (word) => {
    for (const suffix of ordered) {
      if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
        return word.slice(0, -suffix.length);
      }
    }
    return word;
  };
}

// Words this short are matched whole: "ei" must not match "eile".
const SHORT_WORD = 3;

/** A phrase word written with a final "." in a language file matches only as written: "inimest." is not "inimestel". */
export const EXACT = '.';

export function wordMatches(token: string, part: string): boolean {
  if (part.endsWith(EXACT)) return token === part.slice(0, -1);
  return part.length <= SHORT_WORD ? token === part : token.startsWith(part);
}

// Words of a phrase may have this many words between them: "switch it on" is "switch on".
const PHRASE_GAP = 1;

/** The phrase's words appear in order and close together (`gap` words apart at most): "customer service", not "customers … for a service". */
export function hasPhrase(tokens: readonly string[], phrase: readonly string[], gap = PHRASE_GAP): boolean {
  const first = phrase[0];
  if (first === undefined) return false;
  for (let start = 0; start < tokens.length; start++) {
    if (!wordMatches(tokens[start] as string, first)) continue;
    let at = start;
    let part = 1;
    // The nearest match for each word: a later one could only help with a repeated word ("b b c"), which no phrase has.
    while (part < phrase.length) {
      let found = -1;
      for (let i = at + 1; i <= Math.min(tokens.length - 1, at + 1 + gap); i++) {
        if (wordMatches(tokens[i] as string, phrase[part] as string)) {
          found = i;
          break;
        }
      }
      if (found < 0) break;
      at = found;
      part++;
    }
    if (part === phrase.length) return true;
  }
  return false;
}

export function hasAnyPhrase(tokens: readonly string[], phrases: readonly (readonly string[])[]): boolean {
  return phrases.some((phrase) => hasPhrase(tokens, phrase));
}

/** The tokens are one or more of `phrases`' words and otherwise only `ignorable` ones: "mis nüüd?", "jah, aitäh". */
export function consistsOf(tokens: readonly string[], phrases: readonly (readonly string[])[], ignorable: ReadonlySet<string>): boolean {
  const rest = tokens.filter((t) => !phrases.some((p) => p.some((w) => wordMatches(t, w))));
  return rest.length < tokens.length && rest.every((t) => ignorable.has(t));
}
