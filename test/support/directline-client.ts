import { type Activity, ConnectionStatus, DirectLine, type DirectLineOptions } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable.js';
import type { AjaxRequest, AjaxResponse } from 'rxjs/observable/dom/AjaxObservable.js';
import WebSocket from 'ws';

export type Grant = { conversationId: string; token: string; expires_in: number };

/**
 * botframework-directlinejs, the client Web Chat runs on, in Node: only its transport is swapped (Node 20 has no
 * XMLHttpRequest or global WebSocket), so every request and stream is the library's own.
 */
export function connectDirectLine(url: string, options: DirectLineOptions & { onSocket?: () => void }): DirectLine {
  const { onSocket, ...rest } = options;
  class CountedWebSocket extends WebSocket {
    constructor(address: string) {
      super(address);
      onSocket?.();
    }
  }
  if (rest.webSocket !== false) (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  return new DirectLine({ domain: `${url}/v3/directline`, webSocket: true, ...rest, WebSocket: CountedWebSocket as never, ajax: fetchAjax as never });
}

function fetchAjax(request: AjaxRequest): Observable<AjaxResponse> {
  return Observable.create((subscriber: { next: (r: unknown) => void; complete: () => void; error: (e: unknown) => void }) => {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    fetch(request.url as string, { method: request.method, headers: request.headers as Record<string, string>, body }).then(
      async (res) => {
        const text = await res.text();
        const response = text ? JSON.parse(text) : null;
        if (res.ok) {
          subscriber.next({ status: res.status, response });
          subscriber.complete();
        } else subscriber.error({ status: res.status, response, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } });
      },
      (error: Error) => subscriber.error({ status: 0, message: error.message }),
    );
  });
}

/** An activity as the client received it, with the fields the tests read. */
export type Seen = {
  id?: string;
  type: string;
  name?: string;
  text?: string;
  locale?: string;
  replyToId?: string;
  channelData?: unknown;
  from: { id: string; role?: string };
};

export type Listener = {
  /** the next `count` activities that match, after those already taken, in order of arrival */
  take: (count: number, match?: (a: Seen) => boolean, timeoutMs?: number) => Promise<Seen[]>;
  all: Seen[];
};

/** One subscription for the client's life, as Web Chat holds it (unsubscribing closes the stream). */
export function listen(directLine: DirectLine): Listener {
  const all: Seen[] = [];
  let cursor = 0;
  directLine.activity$.subscribe(
    (activity: Activity) => void all.push(activity as Seen),
    () => undefined,
  );
  return {
    all,
    async take(count, match = () => true, timeoutMs = 8000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found: number[] = [];
        for (let i = cursor; i < all.length && found.length < count; i++) if (match(all[i] as Seen)) found.push(i);
        if (found.length === count) {
          cursor = (found.at(-1) as number) + 1;
          return found.map((i) => all[i] as Seen);
        }
        if (Date.now() > until)
          throw new Error(
            `got ${found.length} of ${count} activities; all so far: ${JSON.stringify(all.map((a) => (a.type === 'message' ? a.text?.slice(0, 40) : a.type)))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

export function waitForStatus(directLine: DirectLine, status: ConnectionStatus, timeoutMs = 8000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection never became ${ConnectionStatus[status]}`)), timeoutMs);
    const subscription = directLine.connectionStatus$.subscribe((s) => {
      if (s !== status) return;
      clearTimeout(timer);
      setTimeout(() => subscription.unsubscribe());
      resolve();
    });
  });
}

export async function generateToken(url: string): Promise<Grant> {
  const res = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' });
  return (await res.json()) as Grant;
}

export const seqOf = (activity: { id?: string }) => Number(activity.id?.split('|')[1]);
