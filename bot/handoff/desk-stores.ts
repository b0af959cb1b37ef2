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
};

/** The desk's stores in the bot's SQLite file (one instance owns it). */
export function createSqliteDeskStores(db: Database): DeskStores {
  return {
    store: createSqliteHandoffStore(db),
    outbox: createSqliteMailOutbox(db),
    history: createSqliteCaseHistory(db),
    claims: createSqliteClaimTimes(db),
    intake: createSqliteHandoffIntake(db),
    webhooks: createSqliteWebhookOutbox(db),
  };
}
