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

export function hasPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  return phrase.every((part) => tokens.some((token) => wordMatches(token, part)));
}

export function hasAnyPhrase(tokens: readonly string[], phrases: readonly (readonly string[])[]): boolean {
  return phrases.some((phrase) => hasPhrase(tokens, phrase));
}
