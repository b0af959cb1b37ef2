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

// The first key of the transaction-level advisory locks an admission takes (the second is hashtext(client)): a space
// of its own beside the turn locks' (turn/postgres-turn-lock.ts). Two clients whose keys hash alike only wait for each
// other's admission, a few milliseconds, now and then.
const INTAKE_LOCK_SPACE = 1_507_231_873;
const ADMIT = `INSERT INTO handoff_intake (client, at) SELECT $1, $2
  WHERE (SELECT count(*) FROM handoff_intake WHERE client = $1 AND at >= $3) < $4`;

/**
 * Who opened cases when (handoff_intake), for the per-client limit across instances. An admission holds the client's
 * advisory lock for its transaction: the count of the next one, on any instance, sees this one's row.
 */
export function createPostgresHandoffIntake(pool: pg.Pool): HandoffIntake {
  return {
    async admit(client, since, at, limit) {
      const admitted = await inTransaction(pool, async (db) => {
        await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INTAKE_LOCK_SPACE, pgText(client)]);
        return ((await db.query(ADMIT, [pgText(client), at, since, limit])).rowCount ?? 0) === 1;
      });
      // Forgetting old admissions may fail without harm: this one is counted, and the next admission forgets them.
      if (admitted) await pool.query('DELETE FROM handoff_intake WHERE at < $1', [since]).catch(() => undefined);
      return admitted;
    },
  };
}
