import type { Activity } from 'botbuilder';

export type StoredConversation = { id: string; userId: string; createdAt: string; startedAt?: string; endedAt?: string };
export type ActivityPage = { activities: Activity[]; watermark: number };
/** gives an activity its final shape from its sequence number (its id, its time) */
export type Stamp = (activity: Partial<Activity>, seq: number) => Activity;

/**
 * Conversations of the web channel and every activity the merchant sees, numbered in order (the watermark). The web
 * chats' transcripts are read from here too (web-chat-transcripts.ts), so a turn is kept once. Implemented on SQLite
 * (sqlite-conversation-log.ts) and PostgreSQL (postgres/postgres-conversation-log.ts); the contract both keep is
 * test/storage/conversation-log-contract.ts.
 */
export type ConversationLog = {
  create: (conversation: Omit<StoredConversation, 'startedAt' | 'endedAt'>) => Promise<void>;
  /** the merchant ended it ("Start over"): its tokens open nothing any more */
  markEnded: (id: string, at: string) => Promise<void>;
  get: (id: string) => Promise<StoredConversation | undefined>;
  /** true only for the call that started it (on any instance), so the welcome runs once */
  markStarted: (id: string, at: string) => Promise<boolean>;
  /**
   * Stores the activities in order, numbered after every activity stored before (on any instance): the watermarks
   * of a conversation rise without gaps or repeats. Gives them as stamped, with the watermark after them.
   */
  append: (conversationId: string, activities: Partial<Activity>[], stamp: Stamp) => Promise<ActivityPage>;
  /**
   * Activities after the watermark (0: from the start), at most `limit`; the watermark after them (with none, the
   * conversation's latest). A reader following the watermark never skips an activity stored later.
   */
  since: (conversationId: string, watermark: number, limit?: number) => Promise<ActivityPage>;
  /** conversations that were started, by id after `after` ('' from the first), `limit` at a time */
  started: (after: string, limit: number) => Promise<{ id: string; createdAt: string }[]>;
  /** deletes a conversation's activities (its transcript), keeping the conversation */
  deleteActivities: (conversationId: string) => Promise<void>;
  /** deletes conversations created before `before` (ISO time) that were never started and hold nothing; gives the count */
  removeUnstarted: (before: string) => Promise<number>;
  /** runs `work`, then waits until what it wrote is committed (StorageUnavailableError if not) */
  durably: <T>(work: () => T | Promise<T>) => Promise<T>;
  /**
   * Calls back once the rows of the writes that resolved so far are committed (true) or rolled back (false): SQLite
   * when its tick commits; PostgreSQL at once, since its writes resolve only when committed.
   */
  afterCommit: (listener: (committed: boolean) => void) => void;
};
