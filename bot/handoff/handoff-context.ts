import type { Answer } from '../knowledge/answer.js';

export type HandoffReason = 'asked' | 'notHelpful' | 'accepted';

/** What the agent sees first: why the chat came, in which language, and what the bot already tried. */
export type HandoffContext = {
  reason: HandoffReason;
  locale: string;
  storeId?: string;
  /** the merchant's questions to the bot in this conversation, oldest first (messages to agents and forms left out) */
  questions: string[];
  /** where this request's questions begin in `questions` (earlier ones came before a cancelled or closed request) */
  requestStart?: number;
  /** the guides the bot answered with; `question` is the index of the question it answered */
  offered: { guideId: string; kind: Answer['kind']; confidence?: number; question?: number }[];
  feedback: { guideId: string; helpful: boolean }[];
};

/** What the turn knows when the merchant asks for a person; the handoff adds what was asked and offered from the transcript. */
export type HandoffRequest = Omit<HandoffContext, 'questions' | 'offered' | 'requestStart'>;
