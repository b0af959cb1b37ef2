import type { Database } from '../storage/database.js';
import type { CaseHistory } from './case-history.js';
import type { HandoffIntake } from './handoff-intake.js';
import type { HandoffStore } from './handoff-store.js';
import type { MailOutbox } from './mail-outbox.js';
import { createSqliteCaseHistory } from './sqlite-case-history.js';
import { createSqliteClaimTimes } from './sqlite-claim-times.js';
import { createSqliteHandoffIntake } from './sqlite-handoff-intake.js';
import { createSqliteHandoffStore } from './sqlite-handoff-store.js';
import { createSqliteMailOutbox } from './sqlite-mail-outbox.js';
import { createSqliteWebhookOutbox } from './sqlite-webhook-outbox.js';
import type { ClaimTimes } from './wait-estimate.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/**
 * Everything the handoff desk keeps, on one engine: cases and their timelines, e-mail answers and webhook deliveries
 * waiting to go out, the history of ended cases, claim times (the expected wait) and who opened cases (the per-client
 * limit). createBot picks the engine: SQLite here, PostgreSQL in postgres-desk-stores.ts.
 */
export type DeskStores = {
  store: HandoffStore;
  outbox: MailOutbox;
  history: CaseHistory;
  claims: ClaimTimes;
  intake: HandoffIntake;
  webhooks: WebhookOutbox;
  /**
   * Runs `work` on the cases and the webhook outbox so that what it writes is kept together or not at all: a case and
   * the delivery that reports it. `work` waits only on these stores. PostgreSQL: one transaction, rolled back if
   * `work` throws. SQLite: the writes of one tick commit in one transaction, and a fault rolls the whole tick back.
   */
  together: <T>(work: (stores: Pick<DeskStores, 'store' | 'webhooks'>) => Promise<T>) => Promise<T>;
};

/** The desk's stores in the bot's SQLite file (one instance owns it). */
export function createSqliteDeskStores(db: Database): DeskStores {
  const store = createSqliteHandoffStore(db);
  const webhooks = createSqliteWebhookOutbox(db);
  return {
    store,
    outbox: createSqliteMailOutbox(db),
    history: createSqliteCaseHistory(db),
    claims: createSqliteClaimTimes(db),
    intake: createSqliteHandoffIntake(db),
    webhooks,
    // Each store call writes at once, in the tick's transaction: work that waits only on them stays in one tick.
    together: (work) => work({ store, webhooks }),
  };
}
