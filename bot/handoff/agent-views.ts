import type { ConfidenceWord } from './case-summary.js';
import type { OutgoingMail } from './mail-outbox.js';
import type { AgentRef, CaseEntry, CaseStatus, HandoffCase } from './handoff-store.js';

// A case as the agent console reads it (its API's JSON): plain data, no markup. agent-desk/desk-views.ts builds these;
// the console's browser script imports the types, as it does HistoryItem (case-history.ts) and MailStatus (mail-outbox.ts).

export type QueueItem = {
  id: string;
  status: CaseStatus;
  locale: string;
  storeId?: string;
  firstQuestion: string;
  bestGuess?: { guideId: string; title: string; confidence: ConfidenceWord };
  createdAt: string;
  waitingSeconds: number;
  agent?: AgentRef;
  email?: string;
};

export type Line = { at: string; kind: 'merchant' | 'bot' | CaseEntry['kind']; author: string; text: string };

export type CaseView = QueueItem & {
  reason: HandoffCase['packet']['reason'];
  /** each question to the bot once, with how often it was asked */
  questions: { text: string; count: number }[];
  question?: string;
  feedback: HandoffCase['packet']['feedback'];
  lines: Line[];
  /** e-mail answers, newest last, with what became of each */
  mails: Omit<OutgoingMail, 'caseId'>[];
  /** false: SMTP_URL is not set, e-mail answers stay drafts */
  mailConfigured: boolean;
};
