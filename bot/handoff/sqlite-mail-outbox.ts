import { type MailOutbox, type MailRow, toMail } from './mail-outbox.js';
import type { Database } from '../storage/database.js';

/** E-mail answers waiting to go out, and what became of them: a table of its own, created here. */
export function createSqliteMailOutbox(db: Database): MailOutbox {
  db.exec(`
    CREATE TABLE IF NOT EXISTS mail_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
      author TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT,
      created_at TEXT NOT NULL, sent_at TEXT
    );
    CREATE INDEX IF NOT EXISTS mail_outbox_by_case ON mail_outbox (case_id, id);
    -- The sender asks "what is due?" every few seconds: only pending mail is in this index.
    CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';
    -- The console lists mail in trouble on every change: few rows, found without a scan.
    CREATE INDEX IF NOT EXISTS mail_outbox_troubled ON mail_outbox (id) WHERE last_error IS NOT NULL AND status IN ('pending', 'failed');
  `);
  const insert = db.prepare(
    'INSERT INTO mail_outbox (case_id, to_address, subject, body, author, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const select = db.prepare<[number], MailRow>('SELECT * FROM mail_outbox WHERE id = ?');
  const due = db.prepare<[string, number], MailRow>(
    "SELECT * FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
  );
  const lease = db.prepare('UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?');
  const next = db.prepare<[], string>("SELECT MIN(next_attempt_at) FROM mail_outbox WHERE status = 'pending'").pluck();
  const sent = db.prepare(
    "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?",
  );
  const failed = db.prepare('UPDATE mail_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?');
  const forCase = db.prepare<[string], MailRow>('SELECT * FROM mail_outbox WHERE case_id = ? ORDER BY id');
  const troubled = db.prepare<[number], MailRow>(
    "SELECT * FROM mail_outbox WHERE last_error IS NOT NULL AND status IN ('pending', 'failed') ORDER BY id DESC LIMIT ?",
  );

  // An outbox row is a promise to a merchant: it commits at once rather than with the tick.
  const now = (write: () => void) => {
    db.commitTick();
    write();
  };

  return {
    async add(mail) {
      let id = 0;
      now(() => {
        const nextTry = mail.status === 'pending' ? mail.createdAt : null;
        id = Number(insert.run(mail.caseId, mail.to, mail.subject, mail.text, mail.author, mail.status, nextTry, mail.createdAt).lastInsertRowid);
      });
      return toMail(select.get(id) as MailRow);
    },
    async get(id) {
      const row = select.get(id);
      return row && toMail(row);
    },
    // The lease is the next try's time moved past the send: read and moved with nothing in between.
    async claim(at, leaseMs, limit) {
      const until = new Date(Date.parse(at) + leaseMs).toISOString();
      const rows = due.all(at, limit);
      now(() => {
        for (const row of rows) lease.run(until, row.id);
      });
      return rows.map((row) => toMail({ ...row, next_attempt_at: until }));
    },
    nextDueAt: async () => next.get() ?? undefined,
    markSent: async (id, at) => now(() => sent.run(at, id)),
    markFailed: async (id, error, nextAttemptAt) => now(() => failed.run(nextAttemptAt ? 'pending' : 'failed', nextAttemptAt ?? null, error.slice(0, 500), id)),
    forCase: async (caseId) => forCase.all(caseId).map(toMail),
    troubled: async (limit) => troubled.all(limit).map(toMail),
  };
}
