import type { Queryable } from '../storage/postgres/pool.js';
import { pgJson, pgText } from '../storage/postgres/values.js';
import { type MailOutbox, type MailRow, type OutgoingMail, toMail } from './mail-outbox.js';
import { MAX_ERROR_CHARS, type WebhookDelivery, type WebhookOutbox, type WebhookStatus } from './webhook-outbox.js';

// Due mail, oldest first, that no other sender holds: a row another instance is claiming right now is skipped, not
// waited for. The lease is the next try's time moved past the send (MailOutbox.claim).
const CLAIM_MAIL = `UPDATE mail_outbox SET next_attempt_at = $2 WHERE id IN (
  SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
) RETURNING *`;

/** E-mail answers waiting to go out (mail_outbox, migration 001), shared by every instance's sender. */
export function createPostgresMailOutbox(db: Queryable): MailOutbox {
  const mails = async (sql: string, params: unknown[]) => (await db.query<MailRow>(sql, params)).rows.map(toMail);
  return {
    async add(mail) {
      const nextTry = mail.status === 'pending' ? mail.createdAt : null;
      const [added] = await mails(
        `INSERT INTO mail_outbox (case_id, to_address, subject, body, author, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [mail.caseId, pgText(mail.to), pgText(mail.subject), pgText(mail.text), pgText(mail.author), mail.status, nextTry, mail.createdAt],
      );
      return added as OutgoingMail;
    },
    get: async (id) => (await mails('SELECT * FROM mail_outbox WHERE id = $1', [id]))[0],
    async claim(at, leaseMs, limit) {
      const claimed = await mails(CLAIM_MAIL, [at, new Date(Date.parse(at) + leaseMs).toISOString(), limit]);
      return claimed.sort((a, b) => a.id - b.id);
    },
    async nextDueAt() {
      const { rows } = await db.query<{ at: string | null }>("SELECT MIN(next_attempt_at) AS at FROM mail_outbox WHERE status = 'pending'");
      return rows[0]?.at ?? undefined;
    },
    async markSent(id, at) {
      await db.query("UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, next_attempt_at = NULL, last_error = NULL WHERE id = $1", [
        id,
        at,
      ]);
    },
    async markFailed(id, error, nextAttemptAt) {
      await db.query('UPDATE mail_outbox SET status = $2, attempts = attempts + 1, next_attempt_at = $3, last_error = $4 WHERE id = $1', [
        id,
        nextAttemptAt ? 'pending' : 'failed',
        nextAttemptAt ?? null,
        pgText(error.slice(0, MAX_ERROR_CHARS)),
      ]);
    },
    forCase: (caseId) => mails('SELECT * FROM mail_outbox WHERE case_id = $1 ORDER BY id', [caseId]),
    troubled: (limit) => mails("SELECT * FROM mail_outbox WHERE last_error IS NOT NULL AND status IN ('pending', 'failed') ORDER BY id DESC LIMIT $1", [limit]),
  };
}

type DeliveryRow = Omit<WebhookDelivery, 'deliveryId' | 'nextAttemptAt' | 'lastError' | 'createdAt' | 'sentAt'> & {
  delivery_id: string;
  status: WebhookStatus;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

// The claim of schema.test.ts: due rows no other sender holds (a claim whose lease ran out is due again), locked
// with SKIP LOCKED so two instances claiming at once each get other rows.
const CLAIM_DELIVERIES = `UPDATE webhook_outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1 WHERE id IN (
  SELECT id FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3)
  ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED
) RETURNING id, delivery_id, event, body, status, attempts, next_attempt_at, last_error, created_at, sent_at`;
const FINISH = `UPDATE webhook_outbox SET status = $3, sent_at = $4, next_attempt_at = COALESCE($5, next_attempt_at), last_error = $6,
  body = CASE WHEN $3 = 'sent' THEN '{}'::jsonb ELSE body END, claimed_by = NULL, claimed_until = NULL
  WHERE id = $1 AND claimed_by = $2 AND status = 'pending'`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Handoff webhook deliveries (webhook_outbox, migration 001), claimed with a lease by any instance's sender. */
export function createPostgresWebhookOutbox(db: Queryable): WebhookOutbox {
  return {
    async add(delivery) {
      await db.query(
        'INSERT INTO webhook_outbox (delivery_id, event, body, next_attempt_at, created_at) VALUES ($1, $2, $3::jsonb, $4, $4) ON CONFLICT (delivery_id) DO NOTHING',
        [delivery.deliveryId, delivery.event, pgJson(delivery.body), delivery.at],
      );
    },
    async claim(worker, now, leaseMs, limit) {
      const until = new Date(Date.parse(now) + leaseMs).toISOString();
      const { rows } = await db.query<DeliveryRow>(CLAIM_DELIVERIES, [pgText(worker), until, now, limit]);
      return rows.map(toDelivery).sort((a, b) => a.id - b.id);
    },
    async finish(id, worker, result) {
      const sentAt = result.status === 'sent' ? result.at : null;
      const next = result.status === 'pending' ? result.nextAttemptAt : null;
      const error = result.status === 'sent' ? null : pgText(result.error.slice(0, MAX_ERROR_CHARS));
      const { rowCount } = await db.query(FINISH, [id, pgText(worker), result.status, sentAt, next, error]);
      return rowCount === 1;
    },
    async nextDueAt() {
      const { rows } = await db.query<{ at: string | null }>(
        "SELECT MIN(GREATEST(next_attempt_at, claimed_until)) AS at FROM webhook_outbox WHERE status = 'pending'",
      );
      return rows[0]?.at ?? undefined;
    },
    async get(deliveryId) {
      if (!UUID.test(deliveryId)) return undefined;
      const { rows } = await db.query<DeliveryRow>('SELECT * FROM webhook_outbox WHERE delivery_id = $1', [deliveryId]);
      return rows[0] && toDelivery(rows[0]);
    },
  };
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    event: row.event,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error ?? undefined,
    createdAt: row.created_at,
    sentAt: row.sent_at ?? undefined,
  };
}
