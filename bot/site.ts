import type { Server } from 'node:http';
import type { Express } from 'express';
import { type BotOverrides, type BotParts, createBot } from './bot.js';
import { createStaffAuth, type StaffAuth } from './auth/staff-auth.js';
import { CHANNEL_ID } from './channel/web-chats.js';
import { createWebChannel, type WebChannel } from './channel/web-channel.js';
import type { Config } from './config.js';
import { createEditor, type Editor } from './editor/editor.js';
import { createAgentConsole } from './handoff/agent-console.js';
import { createErasureRouter } from './privacy/erasure-route.js';
import { createServer } from './server.js';
import { createDataErasure, type DataErasure } from './privacy/data-erasure.js';
import { createRetention, type Retention } from './privacy/retention.js';

export type Site = {
  app: Express;
  /** the bot's parts: knowledge, the turn and its runner, storage, the handoff desk */
  bot: BotParts;
  channel: WebChannel;
  auth: StaffAuth;
  /** /editor and the live reload of content/ */
  editor: Editor;
  /** GDPR erasure (the console's /agent/erase, npm run erase) and the RETENTION_DAYS purge main.ts schedules */
  erasure: DataErasure;
  retention: Retention;
  /** WebSocket streams of the web channel on the listening server */
  attach: (server: Server) => void;
  /** closes streams; the caller closes the HTTP server, then `bot.database` */
  close: () => void;
};

export type SiteOptions = BotOverrides & { tokenNow?: () => number };

/** Everything main.ts serves, built and wired but not listening: bot, web channel, staff sign-in, agent console, editor. */
export async function createSite(config: Config, options: SiteOptions = {}): Promise<Site> {
  const { tokenNow, ...overrides } = options;
  const parts = createBot(config, overrides);
  const { database } = parts;
  const now = overrides.now ?? (() => new Date());
  const channel = await createWebChannel({ config, logger: parts.logger, chats: parts.chats, run: parts.runner(CHANNEL_ID), now: tokenNow });
  const auth = createStaffAuth({ config, database, translators: parts.translators, logger: parts.logger, now: () => now().getTime() });
  const agentConsole = await createAgentConsole({
    desk: parts.handoff,
    auth,
    knowledge: () => parts.knowledge.current,
    translators: parts.translators,
    defaultLocale: config.DEFAULT_LOCALE,
    now,
  });
  const editor = createEditor(parts, { requireStaff: auth.requireStaff, now });
  const erasure = createDataErasure(database, now);
  const retention = createRetention({ db: database, erasure, days: config.RETENTION_DAYS, logger: parts.logger, now });
  const erasureRouter = createErasureRouter({ auth, erasure, translators: parts.translators, defaultLocale: config.DEFAULT_LOCALE, logger: parts.logger });
  const isWebConversation = (id: string) => channel.conversations.get(id) !== undefined;
  const app = createServer({ ...parts, isWebConversation, routers: [...channel.routers, auth.router, erasureRouter, agentConsole, editor.router] });
  const close = () => {
    parts.handoff.stop();
    channel.close();
    editor.close();
  };
  return { app, bot: parts, channel, auth, editor, erasure, retention, attach: channel.attach, close };
}
