import type { Answer } from '../compose-reply.js';

export type TurnRecord = { conversationId: string; at: string; locale: string; question: string; answer: Answer };
export type FeedbackRecord = { conversationId: string; at: string; guideId: string; locale: string; helpful: boolean };

/** Where the bot writes what happened, for the editors' "what merchants missed" report. */
export type Records = {
  addTurn: (record: TurnRecord) => void;
  addFeedback: (record: FeedbackRecord) => void;
  turns: () => TurnRecord[];
  feedback: () => FeedbackRecord[];
};
