import type { Request, RequestHandler } from 'express';
import type { Line } from '../handoff/agent-views.js';
import type { DeskViews } from './desk-views.js';
import type { CaseEvents } from '../handoff/case-events.js';

// Proxies drop a silent connection after a minute or so; a comment line this often keeps it open.
const KEEPALIVE_MS = 25_000;
// EventSource waits this long before reconnecting (a restart of the server, a network blip).
const RETRY_MS = 2_000;

/**
 * Server-sent events for one open console: the whole queue once, then only changes (one case in or out of the queue,
 * a case changed, a new line of any case); 200 waiting cases are not resent on every change. The stream ends at the
 * first keepalive after the agent signed out or the session ran out.
 */
export function deskStream(deps: { events: CaseEvents; views: DeskViews; stillSignedIn: (req: Request) => Promise<boolean> }): RequestHandler {
  return (req, res) => {
    const agent = res.locals.staff?.name ?? '';
    res.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // The views are read from the store (asynchronously): events go out in the order they happened, the queue first.
    let sending = Promise.resolve();
    const sendRead = (event: string, read: () => Promise<unknown>) => {
      sending = sending
        .then(async () => void send(event, await read()))
        .catch(() => void res.end());
    };
    res.write(`retry: ${RETRY_MS}\n\n`);
    sendRead('queue', deps.views.queue);
    const unsubscribe = deps.events.subscribe(agent, (event) => {
      if (event.type === 'queue') sendRead('item', async () => ({ caseId: event.caseId, item: (await deps.views.queueItem(event.caseId)) ?? null }));
      else if (event.type === 'case') sendRead('case', async () => ({ caseId: event.caseId }));
      else {
        const { at, kind, author, text } = event.entry;
        sendRead('entry', async () => ({ caseId: event.caseId, line: { at, kind, author, text } satisfies Line }));
      }
    });
    const keepalive = setInterval(() => {
      deps.stillSignedIn(req).then(
        (signedIn) => (signedIn ? res.write(': keepalive\n\n') : res.end()),
        () => res.end(),
      );
    }, KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  };
}
