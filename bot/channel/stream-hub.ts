import type { Activity } from 'botbuilder';
import WebSocket from 'ws';
import type { EventPayload, PubSub } from '../events/pubsub.js';
import type { ActivityPage } from '../storage/conversation-log.js';
import { BOT } from './web-chats.js';

/** What a Direct Line stream sends: the new activities and, when they were stored, the watermark after them. */
export type ActivitySet = { activities: Activity[]; watermark?: string };

/** The conversation's committed activities after `watermark`, and the watermark after them (the log's last if none). */
export type ReadActivities = (conversationId: string, watermark: number) => Promise<ActivityPage>;

export type StreamHub = {
  /** a stream whose client has everything up to `watermark`: it gets the rest from the log, then each new page */
  add: (conversationId: string, socket: WebSocket, watermark: number) => void;
  /** a page of activities this instance just committed: pushed here at once, and announced to every instance */
  publish: (conversationId: string, page: ActivityPage) => void;
  /** shows "typing" on the conversation's streams in every instance (never stored) */
  typing: (conversationId: string) => void;
  /** closes the conversation's streams in every instance (it ended) */
  close: (conversationId: string) => void;
  closeAll: () => void;
};

/** The channel the hubs of all instances share; events are pointers: {conversationId, watermark | typing | ended}. */
export const STREAM_CHANNEL = 'directline.streams';

// Sockets that miss a ping for this long are dead (a phone went to sleep) and are dropped.
const HEARTBEAT_MS = 30_000;
// A read of the log that failed (the database was briefly away) is tried again after this long.
const RETRY_MS = 1_000;

/** One open stream and the watermark of the last activity it was sent (or its client already had). */
type Stream = { socket: WebSocket; sentUpTo: number };
/** The streams of one conversation in this instance, and whether a read of the log is under way for them. */
type Feed = { streams: Set<Stream>; reading: boolean; again: boolean };

/**
 * The open WebSocket streams of each conversation in this instance. An activity reaches a stream once, in order,
 * whichever instance stored it: each stream remembers the watermark it was sent up to, and every push moves it only
 * from where it was (a page goes out only to streams that end exactly where the page starts). A page stored here is
 * pushed as it is; an announcement from another instance ({conversationId, watermark}) makes the streams behind it
 * read the log from their watermark; when events may have been lost (the bus reconnected) every stream re-reads.
 */
export function createStreamHub(deps: { events: PubSub; read: ReadActivities; onError?: (error: Error) => void }): StreamHub {
  const onError = deps.onError ?? ((error: Error) => console.error('Direct Line streams', error));
  const feeds = new Map<string, Feed>();
  const alive = new WeakSet<WebSocket>();
  let closed = false;

  const send = (stream: Stream, set: ActivitySet) => {
    if (stream.socket.readyState === WebSocket.OPEN) stream.socket.send(JSON.stringify(set));
  };
  const announce = (payload: EventPayload) => {
    deps.events.publish(STREAM_CHANNEL, payload).catch((error: Error) => onError(error));
  };

  /** Brings every stream of the conversation up to the log; one read at a time per conversation, again if asked meanwhile. */
  const catchUp = (conversationId: string) => {
    const feed = feeds.get(conversationId);
    if (!feed || closed) return;
    if (feed.reading) {
      feed.again = true;
      return;
    }
    feed.reading = true;
    void readInto(conversationId, feed).finally(() => {
      feed.reading = false;
    });
  };

  const readInto = async (conversationId: string, feed: Feed) => {
    try {
      await listening;
      do {
        feed.again = false;
        for (const from of new Set([...feed.streams].map((s) => s.sentUpTo))) {
          const page = await deps.read(conversationId, from);
          // Streams that moved on while the log was read (a page pushed meanwhile) keep their place.
          for (const stream of feed.streams) {
            if (stream.sentUpTo !== from) continue;
            if (page.activities.length > 0) {
              send(stream, { activities: page.activities, watermark: String(page.watermark) });
              stream.sentUpTo = page.watermark;
            } else {
              // Nothing new: a client's watermark past the log's end comes down to it, and never moves past a row unsent.
              stream.sentUpTo = Math.min(from, page.watermark);
            }
          }
        }
      } while (feed.again && !closed);
    } catch (error) {
      onError(error as Error);
      setTimeout(() => catchUp(conversationId), RETRY_MS).unref();
    }
  };

  const onEvent = (event: EventPayload) => {
    const { conversationId } = event;
    const feed = typeof conversationId === 'string' ? feeds.get(conversationId) : undefined;
    if (!feed) return;
    if (event.typing === true) {
      for (const stream of feed.streams) send(stream, typingSet(conversationId as string));
    } else if (event.ended === true) {
      for (const stream of feed.streams) stream.socket.close(1000, 'conversation ended');
    } else if (typeof event.watermark === 'number' && [...feed.streams].some((s) => s.sentUpTo < (event.watermark as number))) {
      catchUp(conversationId as string);
    }
  };

  const subscription = deps.events.subscribe(STREAM_CHANNEL, onEvent);
  // Streams read the log only once events reach this hub, so nothing stored after a read goes unannounced.
  const listening = subscription.then(
    () => undefined,
    (error: Error) => onError(new Error(`Direct Line streams will not hear other instances: ${error.message}`, { cause: error })),
  );
  const stopCatchingUp = deps.events.onReconnect(() => {
    for (const conversationId of feeds.keys()) catchUp(conversationId);
  });

  const heartbeat = setInterval(() => {
    for (const feed of feeds.values()) {
      for (const { socket } of feed.streams) {
        if (!alive.has(socket)) {
          socket.terminate();
          continue;
        }
        alive.delete(socket);
        socket.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    add(conversationId, socket, watermark) {
      const feed = feeds.get(conversationId) ?? { streams: new Set<Stream>(), reading: false, again: false };
      feeds.set(conversationId, feed);
      const stream: Stream = { socket, sentUpTo: watermark };
      feed.streams.add(stream);
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.on('close', () => {
        feed.streams.delete(stream);
        if (feed.streams.size === 0 && feeds.get(conversationId) === feed) feeds.delete(conversationId);
      });
      catchUp(conversationId);
    },
    publish(conversationId, page) {
      if (page.activities.length === 0) return;
      const feed = feeds.get(conversationId);
      const first = page.watermark - page.activities.length;
      let behind = false;
      for (const stream of feed?.streams ?? []) {
        if (stream.sentUpTo === first) {
          send(stream, { activities: page.activities, watermark: String(page.watermark) });
          stream.sentUpTo = page.watermark;
        } else if (stream.sentUpTo < page.watermark) {
          behind = true;
        }
      }
      if (behind) catchUp(conversationId);
      announce({ conversationId, watermark: page.watermark });
    },
    typing: (conversationId) => announce({ conversationId, typing: true }),
    close(conversationId) {
      for (const stream of feeds.get(conversationId)?.streams ?? []) stream.socket.close(1000, 'conversation ended');
      announce({ conversationId, ended: true });
    },
    closeAll() {
      closed = true;
      clearInterval(heartbeat);
      stopCatchingUp();
      void subscription.then((unsubscribe) => unsubscribe()).catch(() => undefined);
      for (const feed of feeds.values()) for (const { socket } of feed.streams) socket.close(1001, 'server shutting down');
      feeds.clear();
    },
  };
}

function typingSet(conversationId: string): ActivitySet {
  return { activities: [{ type: 'typing', id: `${conversationId}|typing`, from: BOT, conversation: { id: conversationId } } as unknown as Activity] };
}
