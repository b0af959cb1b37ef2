import type pg from 'pg';
import { inTransaction, type Queryable } from '../storage/postgres/pool.js';
import { pgText } from '../storage/postgres/values.js';
import type { DeskStores } from './desk-stores.js';
import type { HandoffIntake } from './handoff-intake.js';
import { createPostgresCaseHistory } from './postgres-case-history.js';
import { createPostgresHandoffStore } from './postgres-handoff-store.js';
import { createPostgresMailOutbox, createPostgresWebhookOutbox } from './postgres-outboxes.js';
import type { ClaimTimes } from './wait-estimate.js';

/**
 * The handoff desk's stores in PostgreSQL (schema: storage/postgres/migrations/001), shared by every instance on the
 * pool's database: a case claimed on one instance is taken on all, a delivery left by an instance that died is sent
 * by another. The pool must come from storage/postgres/pool.ts's createPool (times read back as ISO strings).
 */
export function createPostgresDeskStores(pool: pg.Pool): DeskStores {
  return {
    store: createPostgresHandoffStore(pool),
    outbox: createPostgresMailOutbox(pool),
    history: createPostgresCaseHistory(pool),
    claims: createPostgresClaimTimes(pool),
    intake: createPostgresHandoffIntake(pool),
    webhooks: createPostgresWebhookOutbox(pool),
    together: (work) => inTransaction(pool, (client) => work({ store: createPostgresHandoffStore(client), webhooks: createPostgresWebhookOutbox(client) })),
  };
}

/** When waiting chats were taken (handoff_claims). */
export function createPostgresClaimTimes(db: Queryable): ClaimTimes {
  return {
    async add(caseId, createdAt, claimedAt) {
      await db.query('INSERT INTO handoff_claims (case_id, created_at, claimed_at) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING', [
        caseId,
        createdAt,
        claimedAt,
      ]);
    },
    async since(from) {
      const { rows } = await db.query<{ claimed_at: string }>('SELECT claimed_at FROM handoff_claims WHERE claimed_at >= $1 ORDER BY claimed_at', [from]);
      return rows.map((row) => row.claimed_at);
    },
  };
}

/** Who opened cases when (handoff_intake), for the per-client limit across instances. */
export function createPostgresHandoffIntake(db: Queryable): HandoffIntake {
  return {
    async add(client, at) {
      await db.query('INSERT INTO handoff_intake (client, at) VALUES ($1, $2)', [pgText(client), at]);
    },
    async count(client, since) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM handoff_intake WHERE client = $1 AND at >= $2', [pgText(client), since]);
      return rows[0]?.n ?? 0;
    },
    async prune(before) {
      await db.query('DELETE FROM handoff_intake WHERE at < $1', [before]);
    },
  };
}
