import type { LanguagePack } from '../language/language-pack.js';
import { tokenize } from '../language/text.js';
import type { Guide } from './guide.js';
import type { Content } from './load-content.js';

/** One part of a guide: a step (with the Partner System page it happens on) or a paragraph of its notes. */
export type Passage = { kind: 'step' | 'note'; index: number };

type Indexed = Passage & { stems: Set<string> };

// A passage must share at least this much with the question, beyond the service's name, to lead the answer: about
// one word of its own ("form", "Live", "role").
const MIN_PASSAGE_SCORE = 1;
// Words that meet by their start ("vormi" → "vorm") count this much of a whole-word match.
const PREFIX_MATCH = 0.75;
const MIN_PREFIX = 4;

export const notesOf = (guide: Guide) =>
  guide.body
    .split(/\n\s*\n|\n(?=\s*[-*] )/u)
    .map((p) => p.replace(/^\s*[-*]\s+/u, '').trim())
    .filter((p) => p !== '' && !p.endsWith(':'));

/**
 * Finds the passage of a guide that answers a sub-step question ("the form was sent three days ago, still not Live"):
 * the step or note sharing the most words with the question, leaving out the guide's own name, activation verbs and
 * words every passage has. Passages are matched in every language and given by position, so the reply can be in
 * another language than the question's words.
 */
export function createPassageFinder(content: Content): (guideId: string, text: string) => Passage | undefined {
  const packs = [...content.languages.values()];
  const ignored = new Set(packs.flatMap((p) => [...p.stopwords, ...p.filler, ...p.vague.flat()].map(p.stem)));
  const stemsOf = (pack: LanguagePack, text: string) =>
    new Set(
      tokenize(text)
        .map(pack.stem)
        .filter((s) => s.length > 2 && !ignored.has(s)),
    );
  const byGuide = new Map<string, { passages: Indexed[]; common: Set<string> }[]>();
  for (const [id, byLocale] of content.topics) {
    for (const guide of byLocale.values()) {
      if (guide.kind !== 'guide') continue;
      const pack = content.languages.get(guide.locale) as LanguagePack;
      const passages: Indexed[] = [
        ...guide.steps.map((s, index) => ({ kind: 'step' as const, index, stems: stemsOf(pack, s.text) })),
        ...notesOf(guide).map((n, index) => ({ kind: 'note' as const, index, stems: stemsOf(pack, n) })),
      ];
      const name = new Set([...stemsOf(pack, guide.title), ...stemsOf(pack, guide.keywords[0] ?? '')]);
      byGuide.set(id, [...(byGuide.get(id) ?? []), { passages, common: name }]);
    }
  }
  return (guideId, text) => {
    let best: { passage: Passage; score: number } | undefined;
    for (const { passages, common } of byGuide.get(guideId) ?? []) {
      for (const pack of packs) {
        const asked = [...stemsOf(pack, text)].filter((s) => !common.has(s));
        for (const passage of passages) {
          const score = asked.reduce((sum, s) => sum + meets(s, passage.stems), 0);
          if (score >= MIN_PASSAGE_SCORE && score > (best?.score ?? 0)) best = { passage: { kind: passage.kind, index: passage.index }, score };
        }
      }
    }
    return best?.passage;
  };
}

function meets(stem: string, stems: Set<string>): number {
  if (stems.has(stem)) return 1;
  for (const s of stems) {
    const [short, long] = s.length < stem.length ? [s, stem] : [stem, s];
    if (short.length >= MIN_PREFIX && long.startsWith(short)) return PREFIX_MATCH;
  }
  return 0;
}
