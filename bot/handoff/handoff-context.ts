import type { Answer } from '../compose-reply.js';

export type HandoffReason = 'asked' | 'notHelpful' | 'accepted';

/** What the agent sees first: why the chat came, in which language, and what the bot already tried. */
export type HandoffContext = {
  reason: HandoffReason;
  locale: string;
  storeId?: string;
  questions: string[];
  offered: { guideId: string; kind: Answer['kind']; confidence?: number }[];
  feedback: { guideId: string; helpful: boolean }[];
};

/** What the turn knows when the merchant asks for a person; the handoff adds what was asked and offered from the transcript. */
export type HandoffRequest = Omit<HandoffContext, 'questions' | 'offered'>;
