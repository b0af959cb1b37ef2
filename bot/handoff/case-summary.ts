import type { HandoffContext } from './handoff-context.js';
import type { HandoffCase } from './handoff-store.js';

export type ConfidenceWord = 'sure' | 'fairly' | 'unsure';

// The bot's confidence is best / (best + runner-up + 1): 0.7 means the best guide scored far above any other.
const SURE = 0.7;
const FAIRLY = 0.5;

/** The index of the question this request is about: the first one of this request. */
function headlineIndex(c: HandoffCase): number | undefined {
  const { questions, requestStart = 0 } = c.packet;
  if (questions.length === 0) return undefined;
  return requestStart < questions.length ? requestStart : questions.length - 1;
}

/** What the case is about: the question left with the e-mail address, else the first question of this request. */
export function headlineOf(c: HandoffCase): string {
  const index = headlineIndex(c);
  return c.question ?? (index === undefined ? '' : (c.packet.questions[index] as string));
}

/** The bot's answer to the headline question (for a question left in the form: to the first question of the request). */
export function bestGuessOf(c: HandoffCase): HandoffContext['offered'][number] | undefined {
  const index = headlineIndex(c);
  if (index === undefined) return undefined;
  // Packets from before the questions were numbered: the first guide offered in them.
  return c.packet.offered.find((o) => o.question === index) ?? (c.packet.offered.every((o) => o.question === undefined) ? c.packet.offered[0] : undefined);
}

export function confidenceWord(confidence: number | undefined, kind: string): ConfidenceWord {
  if (kind === 'clarify' || confidence === undefined) return 'unsure';
  return confidence >= SURE ? 'sure' : confidence >= FAIRLY ? 'fairly' : 'unsure';
}

/** Each question once, in the order first asked, with how often it was asked (across a cancelled request too). */
export function countedQuestions(questions: string[]): { text: string; count: number }[] {
  const counts = new Map<string, { text: string; count: number }>();
  for (const text of questions) {
    const key = text.trim().toLowerCase().replace(/\s+/g, ' ');
    const known = counts.get(key);
    if (known) known.count += 1;
    else counts.set(key, { text, count: 1 });
  }
  return [...counts.values()];
}
