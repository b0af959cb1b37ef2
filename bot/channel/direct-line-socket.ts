import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Conversations } from './conversations.js';
import { DIRECT_LINE_PATH, watermarkOf } from './direct-line-router.js';
import type { TokenUses } from '../storage/token-uses.js';
import type { StreamHub } from './stream-hub.js';
import type { Tokens } from './tokens.js';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/]+)/stream$`);

/** The close code of a server going away on purpose (a deploy): the widget reconnects at once and resumes from its watermark. */
export const SERVICE_RESTART = 1012;

export type StreamLimits = { perConversation: number; perAddress: number };

/**
 * Serves the streamUrl: on connect the activities after the given watermark, then every new one as it is stored
 * (stream-hub.ts), in this instance or another.
 * Only upgrades on the stream path are handled; others are left to whoever else listens (the agent console).
 * A stream token opens one socket, once; a conversation and an address may hold only so many.
 */
export function attachDirectLineStream(
  server: Server,
  deps: { conversations: Conversations; tokens: Tokens; hub: StreamHub; uses: TokenUses; limits: StreamLimits },
): () => void {
  const wss = new WebSocketServer({ noServer: true });
  const perAddress = createCounter();
  const perConversation = createCounter();

  const refuse = (socket: Duplex, status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return;
    const conversationId = decodeURIComponent(match[1] as string);
    const claims = deps.tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
    if (!claims || claims.conv !== conversationId) return refuse(socket, '403 Forbidden');
    const [conversation, firstUse] = await Promise.all([deps.conversations.get(conversationId), deps.uses.claim(claims.jti, claims.exp)]).catch(
      () => [null, false] as const,
    );
    if (conversation === null) return refuse(socket, '503 Service Unavailable');
    if (!conversation || conversation.endedAt || !firstUse) return refuse(socket, '403 Forbidden');
    const address = req.socket.remoteAddress ?? 'unknown';
    if (perConversation.of(conversationId) >= deps.limits.perConversation || perAddress.of(address) >= deps.limits.perAddress) {
      return refuse(socket, '429 Too Many Requests');
    }
    // Counted from here, not from when the socket joins the hub, and with no wait since the checks above, so a burst of
    // upgrades cannot slip past the caps.
    perConversation.add(conversationId, 1);
    perAddress.add(address, 1);
    const release = () => {
      perConversation.add(conversationId, -1);
      perAddress.add(address, -1);
    };
    socket.once('close', release);
    // The hub sends what the client lacks after its watermark, from the log once committed, then every new page:
    // each activity once and in order, whichever instance stores it.
    wss.handleUpgrade(req, socket, head, (ws) => deps.hub.add(conversationId, ws, watermarkOf(url.searchParams.get('watermark'))));
  };

  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head);
  server.on('upgrade', listener);
  return () => {
    server.off('upgrade', listener);
    for (const ws of wss.clients) ws.close(SERVICE_RESTART, 'service restart');
    deps.hub.closeAll();
    wss.close();
  };
}

function createCounter() {
  const counts = new Map<string, number>();
  return {
    of: (key: string) => counts.get(key) ?? 0,
    add(key: string, n: number) {
      const next = (counts.get(key) ?? 0) + n;
      if (next > 0) counts.set(key, next);
      else counts.delete(key);
    },
  };
}
