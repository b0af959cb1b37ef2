import type { HandoffCase } from './handoff-store.js';

/** What the case is about: the question left with the e-mail address, else the first question of this request. */
export function headlineOf(c: HandoffCase): string {
  return c.question ?? c.packet.questions[0] ?? '';
}
