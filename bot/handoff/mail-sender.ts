import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';
import type { MailOutbox, OutgoingMail } from './mail-outbox.js';

/** What the sender needs of a mail transport: nodemailer's, or a test's. */
export type MailTransport = { sendMail: (mail: { from: string; to: string; subject: string; text: string }) => Promise<{ messageId?: string }> };

// A mail server restarting, then one that is down for a while: about six hours of tries before a person must look.
export const MAIL_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 4 * 3_600_000];
// With nothing due the sender still looks this often, so a clock change or a missed wake-up costs at most this.
const IDLE_CHECK_MS = 60_000;
// Mails sent per pass; the rest go in the next pass, so one pass never holds the outbox for long.
const BATCH = 20;
// How long a claimed mail is this sender's alone: longer than nodemailer's slowest give-up on a silent server (its
// socket timeout is 10 minutes), so another instance never sends it twice; a sender that died leaves it for this long.
export const MAIL_LEASE_MS = 11 * 60_000;

export type MailSender = {
  /** true when SMTP_URL is set; without it answers stay drafts */
  configured: boolean;
  /** look at the outbox now (after adding a mail) */
  kick: () => void;
  stop: () => void;
};

/**
 * Sends the outbox: due mails one by one; a failure is recorded with the next try's time (growing pauses), and after
 * the last one the mail is failed. The schedule lives in the database, so a restart picks up where it stopped.
 */
export function createMailSender(deps: {
  outbox: MailOutbox;
  smtpUrl: string;
  from: string;
  logger: Logger;
  now: () => Date;
  /** a mail changed (sent, failed, retrying): the console shows it */
  changed: (mail: OutgoingMail) => void;
  transport?: MailTransport;
  retryDelaysMs?: number[];
}): MailSender {
  const transport = deps.transport ?? (deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : undefined);
  const delays = deps.retryDelaysMs ?? MAIL_RETRY_DELAYS_MS;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  async function pass(): Promise<void> {
    if (!transport || stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        // One at a time: a mail claimed is sent at once, within its lease, however slow the ones before it were.
        for (let sent = 0; sent < BATCH && !stopped; sent++) {
          const [mail] = await deps.outbox.claim(deps.now().toISOString(), MAIL_LEASE_MS, 1);
          if (!mail) break;
          await sendOne(transport, mail);
        }
      } while (again && !stopped);
    } catch (error) {
      // The outbox itself failed (a full disk, a closed file): the mails stay pending, the next pass tries again.
      deps.logger.error('e-mail outbox pass failed', { error: (error as Error).message });
    } finally {
      running = false;
      await schedule().catch((error: Error) => deps.logger.error('e-mail outbox pass failed', { error: error.message }));
    }
  }

  async function sendOne(t: MailTransport, mail: OutgoingMail): Promise<void> {
    // Only the transport's failure is the mail's: a failing outbox write goes up to the pass, and the mail stays claimed.
    let failure: Error | undefined;
    try {
      await t.sendMail({ from: deps.from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      failure = error as Error;
    }
    if (!failure) await deps.outbox.markSent(mail.id, deps.now().toISOString());
    else {
      const delay = delays[mail.attempts];
      const next = delay === undefined ? undefined : new Date(deps.now().getTime() + delay).toISOString();
      await deps.outbox.markFailed(mail.id, failure.message, next);
      const log = next ? deps.logger.warn : deps.logger.error;
      log(next ? 'e-mail answer not sent, will retry' : 'e-mail answer failed for good; the console shows it', {
        mailId: mail.id,
        caseId: mail.caseId,
        attempt: mail.attempts + 1,
      });
    }
    deps.changed((await deps.outbox.get(mail.id)) as OutgoingMail);
  }

  async function schedule(): Promise<void> {
    if (stopped) return;
    const next = await deps.outbox.nextDueAt();
    if (stopped) return;
    clearTimeout(timer);
    const wait = next ? Math.max(0, Date.parse(next) - deps.now().getTime()) : IDLE_CHECK_MS;
    timer = setTimeout(() => void pass(), Math.min(wait, IDLE_CHECK_MS));
    timer.unref();
  }

  if (transport) queueMicrotask(() => void pass());
  return {
    configured: Boolean(transport),
    kick: () => void pass(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
