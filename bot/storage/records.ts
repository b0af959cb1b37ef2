import type { Answer } from '../knowledge/answer.js';
import type { HandoffRecord, Miss } from './misses.js';

export type TurnRecord = { conversationId: string; at: string; locale: string; question: string; answer: Answer };
export type FeedbackRecord = { conversationId: string; at: string; guideId: string; locale: string; helpful: boolean };

/**
 * Where the bot writes what happened, for the editors' "what merchants missed" report. Writes resolve once the rows
 * are in the engine's transaction: PostgreSQL's committed; SQLite's in the tick's group commit (see Database.durably).
 */
export type Records = {
  addTurn: (record: TurnRecord) => Promise<void>;
  addFeedback: (record: FeedbackRecord) => Promise<void>;
  /** a chat handed to a person: the report counts it against the question asked before it */
  addHandoff: (record: HandoffRecord) => Promise<void>;
  /**
   * Misses newest first, `limit` at a time, older than `before` (a miss's `seq`) when given: kept as records are
   * written, so reading them never walks every turn, and a page is a short read.
   */
  misses: (limit: number, before?: number) => Promise<(Miss & { seq: number })[]>;
  /** every turn record, oldest first (tests, the one-time backfill) */
  turns: () => Promise<TurnRecord[]>;
  feedback: () => Promise<FeedbackRecord[]>;
};
