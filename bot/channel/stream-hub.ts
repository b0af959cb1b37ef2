import type { Activity } from 'botbuilder';
import WebSocket from 'ws';

/** What a Direct Line stream sends: the new activities and, when they were stored, the watermark after them. */
export type ActivitySet = { activities: Activity[]; watermark?: string };

export type StreamHub = {
  add: (conversationId: string, socket: WebSocket) => void;
  publish: (conversationId: string, set: ActivitySet) => void;
  /** closes the streams of one conversation (it ended) */
  close: (conversationId: string) => void;
  closeAll: () => void;
};

// Sockets that miss a ping for this long are dead (a phone went to sleep) and are dropped.
const HEARTBEAT_MS = 30_000;

/** The open WebSocket streams of each conversation; stored activities and live typing are pushed through here. */
export function createStreamHub(): StreamHub {
  const sockets = new Map<string, Set<WebSocket>>();
  const alive = new WeakSet<WebSocket>();

  const heartbeat = setInterval(() => {
    for (const set of sockets.values()) {
      for (const socket of set) {
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
    add(conversationId, socket) {
      const set = sockets.get(conversationId) ?? new Set();
      sockets.set(conversationId, set.add(socket));
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.on('close', () => {
        set.delete(socket);
        if (set.size === 0 && sockets.get(conversationId) === set) sockets.delete(conversationId);
      });
    },
    publish(conversationId, set) {
      const message = JSON.stringify(set);
      for (const socket of sockets.get(conversationId) ?? []) {
        if (socket.readyState === WebSocket.OPEN) socket.send(message);
      }
    },
    close(conversationId) {
      for (const socket of sockets.get(conversationId) ?? []) socket.close(1000, 'conversation ended');
    },
    closeAll() {
      clearInterval(heartbeat);
      for (const set of sockets.values()) for (const socket of set) socket.close(1001, 'server shutting down');
      sockets.clear();
    },
  };
}
