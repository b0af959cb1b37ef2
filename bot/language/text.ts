export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’'`´]/g, '')
    // "e-pood", "e-post", "e-mail" are one word; "API-võtmed" stays two.
    .replace(/(?<![\p{L}\p{N}])(\p{L})-(?=\p{L})/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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

export function wordMatches(token: string, part: string): boolean {
  return part.length <= SHORT_WORD ? token === part : token.startsWith(part);
}

// Words of a phrase may have this many words between them: "switch it on" is "switch on".
const PHRASE_GAP = 1;

/** The phrase's words appear in order and close together: "customer service", not "customers … for a service". */
export function hasPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  const from = (start: number, part: number): boolean => {
    if (part === phrase.length) return true;
    const last = part === 0 ? tokens.length - 1 : Math.min(tokens.length - 1, start + PHRASE_GAP);
    for (let i = start; i <= last; i++) {
      if (wordMatches(tokens[i] as string, phrase[part] as string) && from(i + 1, part + 1)) return true;
    }
    return false;
  };
  return from(0, 0);
}

export function hasAnyPhrase(tokens: readonly string[], phrases: readonly (readonly string[])[]): boolean {
  return phrases.some((phrase) => hasPhrase(tokens, phrase));
}
