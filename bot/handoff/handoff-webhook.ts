import { createHmac, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.js';
import type { NewWebhookDelivery, WebhookDelivery, WebhookEvent, WebhookOutbox, WebhookResult } from './webhook-outbox.js';

export type { WebhookEvent } from './webhook-outbox.js';

export type HandoffWebhook = {
  /** queues the packet in the outbox and wakes the sender; false when no webhook is set up (nothing is queued) */
  post: (event: WebhookEvent, body: Record<string, unknown>) => Promise<boolean>;
  /**
   * The packet as an outbox row, for a caller that adds it in the same transaction as the change it reports
   * (DeskStores.together), then calls `wake`; undefined when no webhook is set up.
   */
  delivery: (event: WebhookEvent, body: Record<string, unknown>) => NewWebhookDelivery | undefined;
  /** a delivery was committed: send what is due (after this tick) */
  wake: () => void;
  /** sends what is due now; resolves when that is done (tests, shutdown) */
  drain: () => Promise<void>;
  stop: () => void;
};

export const SIGNATURE_HEADER = 'x-signature-256';
// About three minutes of trying: covers a helpdesk restarting, not one that is down (that is logged for a person).
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000];
// A helpdesk that has not answered in this long is treated as down for this try (HANDOFF_WEBHOOK_TIMEOUT_SECONDS).
export const WEBHOOK_TIMEOUT_MS = 10_000;
// A claimed delivery is its sender's alone for this many tries' timeouts, so a live sender always records its try
// first; the deliveries of a sender that died are due again after it (a minute with the default timeout).
export const LEASE_TIMEOUTS = 6;
// Deliveries claimed at once and sent side by side, each within a try's timeout: well inside the lease.
const BATCH = 10;
// With nothing due, the outbox is still looked at this often: deliveries left by an instance that died go out within it.
const IDLE_CHECK_MS = 15_000;

export type HandoffWebhookDeps = {
  url: string;
  secret: string;
  logger: Logger;
  outbox: WebhookOutbox;
  now: () => Date;
  retryDelaysMs?: number[];
  /** how long one try may take (default WEBHOOK_TIMEOUT_MS) */
  timeoutMs?: number;
  /** how long a claim is its sender's (default LEASE_TIMEOUTS tries' timeouts) */
  leaseMs?: number;
  /** this sender's name in the outbox's claims (default: host, process and a random part) */
  worker?: string;
};

/**
 * POSTs handoff packets to an external helpdesk from the outbox: JSON body `{ event, ...packet }` signed with
 * HMAC-SHA256 (header x-signature-256: sha256=<hex>, as GitHub does), the same x-delivery-id on every try, retried with
 * growing pauses on network errors, 429 and 5xx. The schedule lives in the database, so a retry survives a restart and
 * an instance that dies leaves its deliveries to another; each is sent once. Never throws into a turn but for the
 * outbox write itself.
 */
export function createHandoffWebhook(deps: HandoffWebhookDeps): HandoffWebhook {
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const leaseMs = deps.leaseMs ?? LEASE_TIMEOUTS * timeoutMs;
  const worker = deps.worker ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { outbox, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let again = false;
  let stopped = !deps.url;

  async function sendOne(d: WebhookDelivery): Promise<void> {
    const payload = JSON.stringify({ event: d.event, ...d.body });
    const signature = `sha256=${createHmac('sha256', deps.secret).update(payload).digest('hex')}`;
    const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'x-handoff-event': d.event, 'x-delivery-id': d.deliveryId };
    const tried = await tryOnce(deps.url, payload, headers, timeoutMs);
    let result: WebhookResult;
    const delay = delays[d.attempts - 1];
    if (tried.outcome === 'ok') result = { status: 'sent', at: deps.now().toISOString() };
    else if (tried.outcome === 'retry' && delay !== undefined) {
      logger.warn('handoff webhook failed, will retry', { delivery: d.deliveryId, attempt: d.attempts, outcome: tried.detail });
      result = { status: 'pending', error: tried.detail, nextAttemptAt: new Date(deps.now().getTime() + delay).toISOString() };
    } else {
      logger.error('handoff webhook gave up; the chat is still in the agent console', { delivery: d.deliveryId, event: d.event });
      result = { status: tried.outcome === 'rejected' ? 'rejected' : 'failed', error: tried.detail };
    }
    await outbox.finish(d.id, worker, result);
  }

  async function sendDue(): Promise<void> {
    while (!stopped) {
      const batch = await outbox.claim(worker, deps.now().toISOString(), leaseMs, BATCH);
      if (batch.length === 0) return;
      await Promise.all(batch.map(sendOne));
    }
  }

  async function schedule(): Promise<void> {
    const next = await outbox.nextDueAt();
    if (stopped) return;
    clearTimeout(timer);
    const wait = next ? Math.max(0, Date.parse(next) - deps.now().getTime()) : IDLE_CHECK_MS;
    timer = setTimeout(() => void pass(), Math.min(wait, IDLE_CHECK_MS));
    timer.unref();
  }

  function pass(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      try {
        do {
          again = false;
          await sendDue();
          if (!again) await schedule();
        } while (again && !stopped);
      } catch (error) {
        // The outbox itself failed (the database is down): the deliveries stay pending, the idle check tries again.
        logger.error('handoff webhook outbox pass failed', { error: (error as Error).message });
        if (!stopped) timer = setTimeout(() => void pass(), IDLE_CHECK_MS).unref();
      } finally {
        current = undefined;
      }
    })();
    return current;
  }

  if (!stopped) setImmediate(() => void pass());
  const delivery = (event: WebhookEvent, body: Record<string, unknown>): NewWebhookDelivery | undefined =>
    deps.url ? { deliveryId: randomUUID(), event, body, at: deps.now().toISOString() } : undefined;
  // After this tick: on SQLite a delivery commits at the tick's end.
  const wake = () => void setImmediate(() => void pass());
  return {
    async post(event, body) {
      const queued = delivery(event, body);
      if (!queued) return false;
      await outbox.add(queued);
      wake();
      return true;
    },
    delivery,
    wake,
    async drain() {
      while (current) await current;
      await pass();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

type Tried = { outcome: 'ok' | 'retry' | 'rejected'; detail: string };

async function tryOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Tried> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    await response.arrayBuffer();
    const detail = `status ${response.status}`;
    if (response.ok) return { outcome: 'ok', detail };
    // 4xx other than 429: the helpdesk refuses this packet; sending it again will not change its mind.
    return { outcome: response.status === 429 || response.status >= 500 ? 'retry' : 'rejected', detail };
  } catch (error) {
    return { outcome: 'retry', detail: (error as Error).message };
  }
}
