import type { Activity } from 'botbuilder';

export type AnswerKind = 'guide' | 'clarify' | 'fallback' | 'smalltalk' | 'handoff';

/** What every reply to a merchant carries in channelData.answer: the widget, tests and the eval read it. */
export type Answer = { kind: AnswerKind; guideId?: string; candidates?: string[]; locale: string; confidence?: number };

/** Values the bot's own buttons send back (messageBack), so a click never depends on re-reading its label. */
export type ButtonValue =
  | { action: 'guide'; guideId: string }
  | { action: 'feedback'; guideId: string; helpful: boolean }
  | { action: 'handoff' }
  | { action: 'noHandoff' }
  | { action: 'language'; locale: string };

/** The answer a turn's replies carry (the first reply that has one). */
export function answerOf(replies: Partial<Activity>[]): Answer | undefined {
  return replies.map((r) => (r.channelData as { answer?: Answer } | undefined)?.answer).find(Boolean);
}
