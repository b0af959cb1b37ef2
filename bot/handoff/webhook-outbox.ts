export type WebhookEvent = 'handoff.initiate' | 'handoff.filed';

/**
 * pending: queued, or waiting for a retry (maybe claimed by a sender right now) · sent: the helpdesk answered 2xx ·
 * rejected: it answered 4xx (other than 429), sending again would not change its mind · failed: every retry failed.
 */
export type WebhookStatus = 'pending' | 'sent' | 'rejected' | 'failed';

/** One handoff packet for the helpdesk. `deliveryId` goes out as x-delivery-id on every try, so a repeat can be dropped. */
export type WebhookDelivery = {
  id: number;
  deliveryId: string;
  event: WebhookEvent;
  /** the packet (the case as it was when queued); emptied once sent, as nothing needs it any more */
  body: Record<string, unknown>;
  status: WebhookStatus;
  /** tries begun, counted when a sender claims the delivery (a sender that died mid-try used one) */
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
};

/** A delivery to queue: `deliveryId` is what the helpdesk may drop a repeat by; `at` is when it is first due. */
export type NewWebhookDelivery = { deliveryId: string; event: WebhookEvent; body: Record<string, unknown>; at: string };

export type WebhookResult =
  | { status: 'sent'; at: string }
  | { status: 'pending'; error: string; nextAttemptAt: string }
  | { status: 'rejected' | 'failed'; error: string };

/**
 * Webhook deliveries kept in the database, so a retry survives a crash and several instances send each delivery once:
 * a sender claims due deliveries with a lease (`leaseMs`), during which no other sender gets them; it records the
 * result only while the claim is still its own. A sender that dies leaves its deliveries due again when the lease ends.
 */
export type WebhookOutbox = {
  add: (delivery: NewWebhookDelivery) => Promise<void>;
  /** up to `limit` due deliveries, oldest first, now this `worker`'s until `now` + `leaseMs` */
  claim: (worker: string, now: string, leaseMs: number, limit: number) => Promise<WebhookDelivery[]>;
  /** false when the delivery is no longer this worker's claim (its lease ran out and another sender took it) */
  finish: (id: number, worker: string, result: WebhookResult) => Promise<boolean>;
  /** when the next pending delivery falls due (a retry, or the end of a claim's lease) */
  nextDueAt: () => Promise<string | undefined>;
  get: (deliveryId: string) => Promise<WebhookDelivery | undefined>;
};

/** Errors kept for a person to read, not whole response bodies. */
export const MAX_ERROR_CHARS = 500;
