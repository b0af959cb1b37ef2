import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Conversations } from './conversations.js';
import { DIRECT_LINE_PATH, watermarkOf } from './direct-line-router.js';
import type { StreamHub } from './stream-hub.js';
import type { Tokens } from './tokens.js';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/]+)/stream$`);

/**
 * Serves the streamUrl: on connect the activities after the given watermark, then every new one as it is stored.
 * Only upgrades on the stream path are handled; others are left to whoever else listens (the agent console).
 */
export function attachDirectLineStream(server: Server, deps: { conversations: Conversations; tokens: Tokens; hub: StreamHub }): () => void {
  const wss = new WebSocketServer({ noServer: true });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return;
    const conversationId = decodeURIComponent(match[1] as string);
    const claims = deps.tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
    const conversation = deps.conversations.get(conversationId);
    if (!claims || claims.conv !== conversationId || !conversation || conversation.endedAt) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Backlog and subscription happen together once the open tick is committed, so no activity falls between them,
      // none comes twice (its publish runs before this), and none is sent that the file may not keep.
      deps.conversations.afterCommit(() => {
        const backlog = deps.conversations.since(conversationId, watermarkOf(url.searchParams.get('watermark')));
        if (backlog.activities.length > 0) ws.send(JSON.stringify(backlog));
        deps.hub.add(conversationId, ws);
      });
    });
  };

  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    deps.hub.closeAll();
    wss.close();
  };
}
