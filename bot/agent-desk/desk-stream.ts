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
    res.write(`retry: ${RETRY_MS}\n\n`);
    // Each change is read when it comes and written in the order they came, also when the views read a database.
    let writing: Promise<unknown> = Promise.resolve();
    const later = (write: () => unknown) => {
      // A change that could not be read (the database was away) ends the stream: the console reconnects and reads all.
      writing = writing.then(write).catch(() => res.end());
    };
    later(async () => send('queue', await deps.views.queue()));
    const unsubscribe = deps.events.subscribe(agent, (event) => {
      if (event.type === 'queue') later(async () => send('item', { caseId: event.caseId, item: (await deps.views.queueItem(event.caseId)) ?? null }));
      else if (event.type === 'case') later(() => send('case', { caseId: event.caseId }));
      else {
        const { at, kind, author, text } = event.entry;
        later(() => send('entry', { caseId: event.caseId, line: { at, kind, author, text } satisfies Line }));
      }
    });
    // Changes made in other instances may have been missed while the events' connection was down: the whole queue again.
    const stopResync = deps.events.onReconnect(() => later(async () => send('queue', await deps.views.queue())));
    const keepalive = setInterval(() => {
      deps.stillSignedIn(req).then(
        (signedIn) => (signedIn ? res.write(': keepalive\n\n') : res.end()),
        () => res.end(),
      );
    }, KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      stopResync();
    });
  };
}
