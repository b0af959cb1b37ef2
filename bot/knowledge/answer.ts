import type { Activity } from 'botbuilder';
import { z } from 'zod';

export type AnswerKind = 'guide' | 'clarify' | 'fallback' | 'smalltalk' | 'handoff';

/** What every reply to a merchant carries in channelData.answer: the widget, tests and the eval read it. */
export type Answer = { kind: AnswerKind; guideId?: string; candidates?: string[]; locale: string; confidence?: number };

// Ids and locales are short; a longer one did not come from our buttons.
const id = z.string().min(1).max(100);

/** Values the bot's own buttons send back (messageBack), so a click never depends on re-reading its label. */
const buttonValueSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('guide'), guideId: id }),
  z.object({ action: z.literal('feedback'), guideId: id, helpful: z.boolean() }),
  z.object({ action: z.literal('handoff') }),
  z.object({ action: z.literal('noHandoff') }),
  z.object({ action: z.literal('language'), locale: id }),
]);

export type ButtonValue = z.infer<typeof buttonValueSchema>;

/**
 * What a client sent back as a button's value: one of ours, checked field by field ('button'); something claiming to be
 * a button that is not one ('invalid': nothing of it is acted on or recorded); or no button at all.
 */
export function buttonValueOf(value: unknown): { kind: 'button'; value: ButtonValue } | { kind: 'invalid' } | { kind: 'none' } {
  if (typeof value !== 'object' || value === null || !('action' in value)) return { kind: 'none' };
  const parsed = buttonValueSchema.safeParse(value);
  return parsed.success ? { kind: 'button', value: parsed.data } : { kind: 'invalid' };
}

/** The answer a turn's replies carry (the first reply that has one). */
export function answerOf(replies: Partial<Activity>[]): Answer | undefined {
  return replies.map((r) => (r.channelData as { answer?: Answer } | undefined)?.answer).find(Boolean);
}
