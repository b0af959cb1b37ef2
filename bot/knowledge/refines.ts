import type { Candidate } from './guide-index.js';
import type { Content } from './load-content.js';

// A word this strong on its own is a guide's own word, not a shared or activation word ("activate" weighs 0.2).
const OWN_WORD_SCORE = 0.9;

/**
 * A guide that refines another (`refines:` in its front matter: refundable bank payments are bank payments) wins when
 * the merchant names the general service together with a word of its own ("refund", "tagastada"): it
 * then carries both scores. Without such a word it is only the general service asked less precisely, and gives way.
 */
export function createRefiner(topics: Content['topics']): (candidates: Candidate[]) => Candidate[] {
  const refines = new Map<string, string>();
  for (const [id, byLocale] of topics) for (const guide of byLocale.values()) if (guide.refines) refines.set(id, guide.refines);
  if (refines.size === 0) return (candidates) => candidates;
  return (candidates) => {
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const lifted = candidates.map((c) => {
      const base = byId.get(refines.get(c.id) ?? '');
      if (!base) return c;
      // Its own words are the ones the general guide did not match and that carry weight.
      const own = c.matched.some((m) => m.score >= OWN_WORD_SCORE && !base.matched.some((b) => b.word === m.word));
      return own ? { ...c, score: c.score + base.score, matched: [...c.matched, ...base.matched] } : { ...c, score: Math.min(c.score, base.score / 2) };
    });
    return lifted.sort((a, b) => b.score - a.score);
  };
}
