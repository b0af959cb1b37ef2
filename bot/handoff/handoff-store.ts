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
 * Everything the handoff keeps. SQLite by default; a store shared by several instances (Redis, PostgreSQL) implements
 * the same calls. `transition` is a compare-and-set: it changes the case only while it still has one of `from`.
 */
export type HandoffStore = {
  create: (c: HandoffCase) => void;
  get: (id: string) => HandoffCase | undefined;
  /** the case that holds the conversation right now (waiting, active or collecting) */
  openFor: (conversationId: string) => HandoffCase | undefined;
  /** true when the conversation has neither an open case nor anything undelivered: almost every turn, asked in one query */
  idle: (conversationId: string) => boolean;
  /** 1 for the chat waiting longest; one past the queue's end for a case that is not waiting */
  position: (caseId: string) => number;
  list: (statuses: CaseStatus[]) => HandoffCase[];
  transition: (id: string, from: CaseStatus[], patch: Partial<Omit<HandoffCase, 'id'>>) => HandoffCase | undefined;
  addEntry: (entry: Omit<CaseEntry, 'seq'>) => CaseEntry;
  entries: (caseId: string) => CaseEntry[];
  /** activities for the merchant (agent messages, notices) not yet delivered, oldest first */
  undelivered: (conversationId: string) => CaseEntry[];
  markDelivered: (seqs: number[]) => void;
};
