/**
 * Live events between the parts of the bot that may run in different instances: "a reply was stored in conversation
 * C up to watermark W", "case K changed". An event is a pointer, never the data: the receiver reads the rows it
 * points at from the database, from its own watermark, so an event lost on the way (a connection that dropped)
 * costs a re-read, not a message. `onReconnect` tells receivers when events may have been lost.
 */
export type EventPayload = Readonly<Record<string, string | number | boolean | null>>;
export type EventHandler = (payload: EventPayload) => void;
export type Unsubscribe = () => Promise<void>;

export type PubSub = {
  /**
   * Sends `payload` to every subscriber of `channel`, in every instance, this one included. Events of one publisher
   * arrive in the order their publish calls resolved. Refuses (PayloadTooLargeError) a payload over MAX_PAYLOAD_BYTES.
   */
  publish: (channel: string, payload: EventPayload) => Promise<void>;
  /** Calls `handler` for each event on `channel` from when the returned promise resolves until the unsubscribe. */
  subscribe: (channel: string, handler: EventHandler) => Promise<Unsubscribe>;
  /**
   * Calls `hook` each time events may have been missed and delivery has resumed (a lost connection listens again):
   * a receiver re-reads from its watermark. Returns a function that removes the hook.
   */
  onReconnect: (hook: () => void | Promise<void>) => () => void;
  close: () => Promise<void>;
};

/** PostgreSQL's NOTIFY takes payloads shorter than 8,000 bytes: every implementation keeps to that. */
export const MAX_PAYLOAD_BYTES = 7999;

export class PayloadTooLargeError extends Error {
  constructor(channel: string, bytes: number) {
    super(
      `An event on "${channel}" of ${bytes} bytes is over the ${MAX_PAYLOAD_BYTES}-byte limit: publish a pointer ({conversationId, watermark}), and let the receiver read the rows.`,
    );
  }
}

// A PostgreSQL identifier (at most 63 bytes), lower case so LISTEN and pg_notify name the same channel.
const CHANNEL = /^[a-z][a-z0-9_.:-]{0,62}$/;

export function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`"${channel}" is not a channel name (lower-case letters, digits, _ . : -, at most 63).`);
}

/** The payload as the JSON text that travels, checked against the limit. */
export function encodeEvent(channel: string, payload: EventPayload): string {
  checkChannel(channel);
  const text = JSON.stringify(payload);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) throw new PayloadTooLargeError(channel, bytes);
  return text;
}

/** Calls each handler with its own copy of the event; one handler that throws neither stops the others nor the sender. */
export function dispatch(handlers: Iterable<EventHandler>, text: string, onError: (error: Error) => void): void {
  for (const handler of [...handlers]) {
    try {
      handler(JSON.parse(text) as EventPayload);
    } catch (error) {
      onError(error as Error);
    }
  }
}

/** A set of handlers per channel, shared by the implementations. */
export class Subscribers {
  private readonly byChannel = new Map<string, Set<EventHandler>>();

  /** true when this is the channel's first handler */
  add(channel: string, handler: EventHandler): boolean {
    let set = this.byChannel.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
    }
    set.add(handler);
    return first;
  }

  /** true when that was the channel's last handler */
  remove(channel: string, handler: EventHandler): boolean {
    const set = this.byChannel.get(channel);
    if (!set?.delete(handler) || set.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  of(channel: string): Iterable<EventHandler> {
    return this.byChannel.get(channel) ?? [];
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }
}

/**
 * Events within one process (the SQLite default, one instance): delivered on the next microtask, after publish
 * returns, as they would be from the database. Never reconnects, so onReconnect hooks are never called.
 */
export function createInProcessPubSub(options: { onError?: (error: Error) => void } = {}): PubSub {
  const onError = options.onError ?? ((error: Error) => console.error('event handler failed', error));
  const subscribers = new Subscribers();
  let closed = false;
  return {
    async publish(channel, payload) {
      if (closed) throw new Error('The event bus is closed.');
      const text = encodeEvent(channel, payload);
      queueMicrotask(() => dispatch(subscribers.of(channel), text, onError));
    },
    async subscribe(channel, handler) {
      checkChannel(channel);
      // Each subscription is its own entry, so the same function subscribed twice is called twice, as in PostgreSQL.
      const entry: EventHandler = (payload) => handler(payload);
      subscribers.add(channel, entry);
      return async () => {
        subscribers.remove(channel, entry);
      };
    },
    onReconnect: () => () => undefined,
    async close() {
      closed = true;
    },
  };
}
