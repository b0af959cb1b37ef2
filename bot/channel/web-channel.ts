import type { Server } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createLimit } from '../rate-limits.js';
import type { TurnRunner } from '../turn/turn-runner.js';
import { type Conversations, createConversations } from './conversations.js';
import { createDirectLineRouter } from './direct-line-router.js';
import { attachDirectLineStream } from './direct-line-socket.js';
import { loadTokenSecret } from './token-secret.js';
import { createTokens } from './tokens.js';
import type { WebChats } from './web-chats.js';
import { createWidgetRouter } from './widget-assets.js';

export type WebChannel = {
  /** Direct Line 3.0, mounted at DIRECT_LINE_PATH */
  directLine: Router;
  /** the widget's files and the demo page, mounted at / */
  widget: Router;
  /** serves the Direct Line WebSocket streams on the listening server */
  attach: (server: Server) => void;
  conversations: Conversations;
  close: () => void;
};

export type WebChannelOptions = {
  config: Config;
  logger: Logger;
  /** the web chats' log and live streams, as the bot was built with them (bot.chats) */
  chats: WebChats;
  /** the bot's turn, run in process (bot.runner(CHANNEL_ID)) */
  run: TurnRunner;
  /** handoff.* events the bot sends; the merchant never sees them */
  onHidden?: (conversationId: string, activity: Activity) => void;
  /** clock for tokens (tests of expiry) */
  now?: () => Date;
};

/** The widget's channel: Direct Line 3.0 over our own server, the widget files and the demo page. */
export async function createWebChannel(options: WebChannelOptions): Promise<WebChannel> {
  const { config, logger } = options;
  const tokens = createTokens({
    secret: loadTokenSecret(config),
    ttlSeconds: config.DIRECT_LINE_TOKEN_MINUTES * 60,
    maxAgeSeconds: config.DIRECT_LINE_SESSION_HOURS * 3600,
    now: options.now,
  });
  const { hub } = options.chats;
  const conversations = createConversations({
    chats: options.chats,
    run: options.run,
    logger,
    onHidden: options.onHidden,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
  });
  const widget = await createWidgetRouter(config);
  const limits = {
    tokens: createLimit(config.RATE_LIMIT_TOKENS_PER_MINUTE),
    starts: createLimit(config.RATE_LIMIT_STARTS_PER_MINUTE),
    turns: createLimit(config.RATE_LIMIT_TURNS_PER_MINUTE),
    addressTurns: createLimit(config.RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE),
  };
  const detach: (() => void)[] = [];
  // Swept every few minutes: often enough that a flood of generated tokens leaves no lasting rows.
  const sweep = setInterval(() => {
    conversations
      .durably(() => conversations.expireUnstarted(config.UNSTARTED_CONVERSATION_MINUTES))
      .catch((error: Error) => logger.warn('expiring unstarted conversations failed', { error: error.message }));
  }, Math.min(config.UNSTARTED_CONVERSATION_MINUTES, 5) * 60_000);
  sweep.unref();
  return {
    directLine: createDirectLineRouter({ conversations, tokens, limits }),
    widget: widget.router,
    attach: (server) =>
      void detach.push(
        attachDirectLineStream(server, {
          conversations,
          tokens,
          hub,
          uses: options.chats.tokenUses,
          limits: { perConversation: config.STREAMS_PER_CONVERSATION, perAddress: config.STREAMS_PER_ADDRESS },
        }),
      ),
    conversations,
    close() {
      clearInterval(sweep);
      for (const d of detach.splice(0)) d();
      hub.closeAll();
    },
  };
}
