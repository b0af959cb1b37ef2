import type { Answer } from '../knowledge/answer.js';
import type { HandoffRecord, Miss } from './misses.js';

export type TurnRecord = { conversationId: string; at: string; locale: string; question: string; answer: Answer };
export type FeedbackRecord = { conversationId: string; at: string; guideId: string; locale: string; helpful: boolean };

/** Where the bot writes what happened, for the editors' "what merchants missed" report. */
export type Records = {
  addTurn: (record: TurnRecord) => void;
  addFeedback: (record: FeedbackRecord) => void;
  /** a chat handed to a person: the report counts it against the question asked before it */
  addHandoff: (record: HandoffRecord) => void;
  /**
   * Misses newest first, `limit` at a time, older than `before` (a miss's `seq`) when given: kept as records are
   * written, so reading them never walks every turn, and a page is a short read.
   */
  misses: (limit: number, before?: number) => (Miss & { seq: number })[];
  turns: () => TurnRecord[];
  feedback: () => FeedbackRecord[];
};
