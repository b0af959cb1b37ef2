import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';

export type WebhookEvent = 'handoff.initiate' | 'handoff.filed';
export type HandoffWebhook = { post: (event: WebhookEvent, body: unknown) => Promise<boolean> };

export const SIGNATURE_HEADER = 'x-signature-256';
// About three minutes of trying: covers a helpdesk restarting, not one that is down (that is logged for a person).
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000];
// A helpdesk that has not answered in this long is treated as down for this try.
const TIMEOUT_MS = 10_000;

/**
 * POSTs handoff packets to an external helpdesk: JSON body signed with HMAC-SHA256 (header x-signature-256:
 * sha256=<hex>, as GitHub does), retried with growing pauses on network errors, 429 and 5xx. Never throws.
 */
export function createHandoffWebhook(deps: { url: string; secret: string; logger: Logger; retryDelaysMs?: number[] }): HandoffWebhook {
  const delays = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  return {
    async post(event, body) {
      if (!deps.url) return false;
      const payload = JSON.stringify({ event, ...(body as object) });
      const signature = `sha256=${createHmac('sha256', deps.secret).update(payload).digest('hex')}`;
      const delivery = randomUUID();
      for (let attempt = 0; attempt <= delays.length; attempt++) {
        if (attempt > 0) await sleep(delays[attempt - 1] as number);
        const outcome = await tryOnce(deps.url, payload, { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'x-handoff-event': event, 'x-delivery-id': delivery });
        if (outcome === 'ok') return true;
        if (outcome === 'rejected') break;
        deps.logger.warn('handoff webhook failed, will retry', { delivery, attempt: attempt + 1, outcome });
      }
      deps.logger.error('handoff webhook gave up; the chat is still in the agent console', { delivery, event });
      return false;
    },
  };
}

async function tryOnce(url: string, body: string, headers: Record<string, string>): Promise<'ok' | 'rejected' | string> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    await response.arrayBuffer();
    if (response.ok) return 'ok';
    // 4xx other than 429: the helpdesk refuses this packet; sending it again will not change its mind.
    return response.status === 429 || response.status >= 500 ? `status ${response.status}` : 'rejected';
  } catch (error) {
    return (error as Error).message;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
