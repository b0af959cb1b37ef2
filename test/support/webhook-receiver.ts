import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Delivery = { path: string; deliveryId: string; event: string; body: Record<string, unknown>; signed: boolean };

export type WebhookReceiver = {
  /** http://127.0.0.1:<port>; give each instance its own path to tell who sent what */
  url: string;
  /** every request, as it arrived (also those held and never answered) */
  received: Delivery[];
  /** delivery id → how many times a 2xx answer to it was written out, by path */
  acknowledged: Map<string, { path: string; count: number }>;
  /** requests held open now, by delivery id */
  held: () => Set<string>;
  stop: () => Promise<void>;
};

/**
 * A helpdesk for the handoff webhook: it answers 200 on every path except those in `hold`, whose requests it keeps
 * open without ever answering (a helpdesk that hangs), so their sender cannot finish them. `secret` checks the
 * x-signature-256 of each body.
 */
export async function startWebhookReceiver(options: { secret: string; hold: string[] }): Promise<WebhookReceiver> {
  const received: Delivery[] = [];
  const acknowledged = new Map<string, { path: string; count: number }>();
  const open = new Map<IncomingMessage, string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const deliveryId = String(req.headers['x-delivery-id'] ?? '');
      const expected = `sha256=${createHmac('sha256', options.secret).update(raw).digest('hex')}`;
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ path, deliveryId, event: String(body.event), body, signed: req.headers['x-signature-256'] === expected });
      if (options.hold.includes(path)) {
        open.set(req, deliveryId);
        res.on('close', () => open.delete(req));
        return;
      }
      res.on('finish', () => {
        const seen = acknowledged.get(deliveryId);
        acknowledged.set(deliveryId, { path, count: (seen?.count ?? 0) + 1 });
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    acknowledged,
    held: () => new Set(open.values()),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
