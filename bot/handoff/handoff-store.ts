import type { Activity, ConversationReference } from 'botbuilder';
import type { HandoffContext } from './handoff-context.js';

/**
 * waiting: in the queue · active: an agent owns the chat · collecting: no agent, the bot asks for an e-mail and the
 * question · filed: left for an e-mail answer · closed / cancelled: over, the bot answers again.
 */
export type CaseStatus = 'waiting' | 'active' | 'collecting' | 'filed' | 'closed' | 'cancelled';
export const OPEN_STATUSES: CaseStatus[] = ['waiting', 'active', 'collecting'];

export type AgentRef = { name: string; displayName: string };

export type HandoffCase = {
  id: string;
  conversationId: string;
  channelId: string;
  locale: string;
  status: CaseStatus;
  packet: HandoffContext;
  /** where proactive messages go for conversations that came over /api/messages */
  reference: Partial<ConversationReference>;
  /** the transcript up to the handoff, secrets masked */
  transcript: Activity[];
  agent?: AgentRef;
  email?: string;
  question?: string;
  /** messages without an e-mail address while the form was open */
  formMisses?: number;
  createdAt: string;
  claimedAt?: string;
  closedAt?: string;
  answeredAt?: string;
};

/** bot: a notice the merchant saw from the bot while the case was open (their place in the queue, the e-mail form) */
export type EntryKind = 'merchant' | 'agent' | 'note' | 'status' | 'bot';

/** One line of a case's timeline after the handoff: what the merchant and agent said, notes, status changes. */
export type CaseEntry = {
  seq: number;
  caseId: string;
  at: string;
  kind: EntryKind;
  /** agent display name, or empty for the merchant */
  author: string;
  text: string;
  /** for agent messages: reached the merchant's conversation (false: waits for the merchant's next turn) */
  delivered: boolean;
  /** the activity to deliver (agent messages, guides) */
  activity?: Partial<Activity>;
};

/**
 * Everything the handoff keeps: SQLite (sqlite-handoff-store.ts) for one instance, PostgreSQL
 * (postgres-handoff-store.ts) for several sharing one database. `transition` is a compare-and-set: it changes the case
 * only while it still has one of `from`, so of two agents claiming at once on two instances exactly one wins.
 */
export type HandoffStore = {
  create: (c: HandoffCase) => Promise<void>;
  get: (id: string) => Promise<HandoffCase | undefined>;
  /** the case that holds the conversation right now (waiting, active or collecting) */
  openFor: (conversationId: string) => Promise<HandoffCase | undefined>;
  /** true when the conversation has neither an open case nor anything undelivered: almost every turn, asked in one query */
  idle: (conversationId: string) => Promise<boolean>;
  /** 1 for the chat waiting longest; one past the queue's end for a case that is not waiting */
  position: (caseId: string) => Promise<number>;
  /** oldest first (then by id) */
  list: (statuses: CaseStatus[]) => Promise<HandoffCase[]>;
  transition: (id: string, from: CaseStatus[], patch: Partial<Omit<HandoffCase, 'id'>>) => Promise<HandoffCase | undefined>;
  addEntry: (entry: Omit<CaseEntry, 'seq'>) => Promise<CaseEntry>;
  entries: (caseId: string) => Promise<CaseEntry[]>;
  /** activities for the merchant (agent messages, notices) not yet delivered, oldest first */
  undelivered: (conversationId: string) => Promise<CaseEntry[]>;
  markDelivered: (seqs: number[]) => Promise<void>;
};
