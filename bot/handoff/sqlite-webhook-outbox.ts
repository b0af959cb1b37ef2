import type { Database } from '../storage/database.js';
import { MAX_ERROR_CHARS, type WebhookDelivery, type WebhookOutbox, type WebhookStatus } from './webhook-outbox.js';

type Row = {
  id: number;
  delivery_id: string;
  event: WebhookDelivery['event'];
  body: string;
  status: WebhookStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};

/**
 * Webhook deliveries in SQLite: a table of its own, created here. One process owns the file, so a claim is a read and
 * a write with nothing in between; the lease matters only across a restart (a claim of the process that died runs out).
 * A delivery is written in the tick that opened its case, so both commit together.
 */
export function createSqliteWebhookOutbox(db: Database): WebhookOutbox {
  db.exec(`
    CREATE TABLE IF NOT EXISTS webhook_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id TEXT NOT NULL UNIQUE, event TEXT NOT NULL, body TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL,
      claimed_by TEXT, claimed_until TEXT, last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT
    );
    CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE status = 'pending';
  `);
  const insert = db.prepare('INSERT OR IGNORE INTO webhook_outbox (delivery_id, event, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const due = db.prepare<{ now: string; limit: number }, Row>(
    `SELECT * FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
     ORDER BY id LIMIT @limit`,
  );
  const claim = db.prepare('UPDATE webhook_outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ?');
  const ownedBy = db.prepare<[number, string], { id: number }>("SELECT id FROM webhook_outbox WHERE id = ? AND claimed_by = ? AND status = 'pending'");
  const finish = db.prepare(
    `UPDATE webhook_outbox SET status = @status, sent_at = @sentAt, next_attempt_at = COALESCE(@next, next_attempt_at), last_error = @error,
     body = CASE WHEN @status = 'sent' THEN '{}' ELSE body END, claimed_by = NULL, claimed_until = NULL WHERE id = @id`,
  );
  const next = db
    .prepare<[], string | null>("SELECT MIN(MAX(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) FROM webhook_outbox WHERE status = 'pending'")
    .pluck();
  const byDelivery = db.prepare<[string], Row>('SELECT * FROM webhook_outbox WHERE delivery_id = ?');

  return {
    async add(delivery) {
      db.joinTick();
      insert.run(delivery.deliveryId, delivery.event, JSON.stringify(delivery.body), delivery.at, delivery.at);
    },
    async claim(worker, now, leaseMs, limit) {
      const rows = due.all({ now, limit });
      if (rows.length === 0) return [];
      const until = new Date(Date.parse(now) + leaseMs).toISOString();
      db.joinTick();
      for (const row of rows) claim.run(worker, until, row.id);
      return rows.map((row) => toDelivery({ ...row, attempts: row.attempts + 1 }));
    },
    async finish(id, worker, result) {
      if (!ownedBy.get(id, worker)) return false;
      db.joinTick();
      finish.run({
        id,
        status: result.status,
        sentAt: result.status === 'sent' ? result.at : null,
        next: result.status === 'pending' ? result.nextAttemptAt : null,
        error: result.status === 'sent' ? null : result.error.slice(0, MAX_ERROR_CHARS),
      });
      return true;
    },
    nextDueAt: async () => next.get() ?? undefined,
    async get(deliveryId) {
      const row = byDelivery.get(deliveryId);
      return row && toDelivery(row);
    },
  };
}

function toDelivery(row: Row): WebhookDelivery {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    event: row.event,
    body: JSON.parse(row.body) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error ?? undefined,
    createdAt: row.created_at,
    sentAt: row.sent_at ?? undefined,
  };
}
