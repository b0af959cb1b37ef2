import type { Candidate, GuideIndex } from './candidate.js';

// How close guides are told apart: the conversation's topic, a narrower guide, evidence only one of them has.

/**
 * The conversation's guide stays the topic until the merchant names another service: in a chat about card payments,
 * "how long does the review take?" is about card payments, although "review" is one of account activation's words.
 */
export function withTopic(candidates: Candidate[], lastGuideId: string | undefined): Candidate[] {
  if (!lastGuideId || namesOtherService(candidates, lastGuideId)) return candidates;
  const guides = candidates.filter((c) => c.kind === 'guide');
  const best = guides[0]?.score ?? 0;
  const last = guides.find((c) => c.id === lastGuideId) ?? { id: lastGuideId, kind: 'guide' as const, score: 0, nameBonus: 0, matched: [], named: false };
  if (best === 0) return candidates;
  const lifted = { ...last, score: best + last.score };
  return [lifted, ...candidates.filter((c) => c.id !== lastGuideId)].sort((a, b) => b.score - a.score);
}

export const namesOtherService = (candidates: Candidate[], lastGuideId: string) =>
  candidates.some((c) => c.kind === 'guide' && c.id !== lastGuideId && c.named);

// Evidence only the best guide has (a word the others did not match) worth this much settles a close race.
export const DISTINCT_EVIDENCE = 1;

/** Of two close guides where one narrows the other, the narrower one when the question has words of its own. */
export function narrowerOf(index: GuideIndex, a: Candidate, b: Candidate): Candidate | undefined {
  if (index.narrows(a.id, b.id) && ownEvidence(a, [b]) >= DISTINCT_EVIDENCE) return a;
  if (index.narrows(b.id, a.id) && ownEvidence(b, [a]) >= DISTINCT_EVIDENCE) return b;
  return undefined;
}

export const ownEvidence = (c: Candidate, others: Candidate[]) =>
  c.matched.filter((m) => !others.some((o) => o.matched.some((x) => x.word === m.word))).reduce((sum, m) => sum + m.score, 0);

/** The best guide matched a telling word ("refund") that none of its close rivals did, and they have none of their own. */
export function standsOut(first: Candidate, rivals: Candidate[]): boolean {
  return ownEvidence(first, rivals) >= DISTINCT_EVIDENCE && rivals.every((r) => ownEvidence(r, [first]) < DISTINCT_EVIDENCE);
}
