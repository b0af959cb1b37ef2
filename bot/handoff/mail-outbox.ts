/**
 * draft: no SMTP server is set up, the answer waits for a person to send it · pending: queued or waiting for a retry ·
 * sent: the SMTP server accepted it · failed: every retry failed, a person must look.
 */
export type MailStatus = 'draft' | 'pending' | 'sent' | 'failed';

/** An e-mail answer to a request left out of hours; kept in the database so retries survive a restart. */
export type OutgoingMail = {
  id: number;
  caseId: string;
  to: string;
  subject: string;
  text: string;
  /** the agent's display name */
  author: string;
  status: MailStatus;
  attempts: number;
  /** when the next try is due (pending only) */
  nextAttemptAt?: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
};

export type NewMail = Pick<OutgoingMail, 'caseId' | 'to' | 'subject' | 'text' | 'author' | 'status' | 'createdAt'>;

/**
 * The outbox: a sender claims what is due, oldest first, and records each try. A claim is a lease: the mail is not due
 * again for `leaseMs`, so of several senders (instances) only one has it, and if that one dies before recording the
 * try, another sends it once the lease is over.
 */
export type MailOutbox = {
  add: (mail: NewMail) => Promise<OutgoingMail>;
  get: (id: number) => Promise<OutgoingMail | undefined>;
  claim: (now: string, leaseMs: number, limit: number) => Promise<OutgoingMail[]>;
  /** the earliest try still to come, to sleep until then */
  nextDueAt: () => Promise<string | undefined>;
  markSent: (id: number, at: string) => Promise<void>;
  /** nextAttemptAt undefined: no more tries, the mail is failed */
  markFailed: (id: number, error: string, nextAttemptAt: string | undefined) => Promise<void>;
  forCase: (caseId: string) => Promise<OutgoingMail[]>;
  /** mails a person should know about: failed for good, or failed at least once and waiting for a retry */
  troubled: (limit: number) => Promise<OutgoingMail[]>;
};

/** A mail_outbox row, as both engines return it. */
export type MailRow = {
  id: number;
  case_id: string;
  to_address: string;
  subject: string;
  body: string;
  author: string;
  status: MailStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

export function toMail(row: MailRow): OutgoingMail {
  return {
    id: row.id,
    caseId: row.case_id,
    to: row.to_address,
    subject: row.subject,
    text: row.body,
    author: row.author,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at ?? undefined,
    lastError: row.last_error ?? undefined,
    createdAt: row.created_at,
    sentAt: row.sent_at ?? undefined,
  };
}
