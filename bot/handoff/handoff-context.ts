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

export type Exchange = { question: string; answer: Answer };
