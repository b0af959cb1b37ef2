import type { Server } from 'node:http';
import type { Express } from 'express';
import { createDeskRouter } from './agent-desk/desk-router.js';
import { createMessagesRouter } from './api-messages.js';
import { type BotOverrides, type BotParts, createBot } from './bot.js';
import { createStaffAuth, type StaffAuth } from './auth/staff-auth.js';
import type { StaffStoresFactory } from './auth/staff-stores.js';
import { DIRECT_LINE_PATH } from './channel/direct-line-router.js';
import { CHANNEL_ID } from './channel/web-chats.js';
import { createWebChannel, type WebChannel } from './channel/web-channel.js';
import type { Config } from './config.js';
import { createEditor, type Editor } from './editor/editor.js';
import { createErasureRouter } from './privacy/erasure-route.js';
import { createHealthRouter, createServer, type Route } from './server.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { createReadiness, type Readiness } from './ops/readiness.js';
import type { DataErasure } from './privacy/data-erasure.js';
import { createSqlitePrivacy } from './privacy/privacy.js';
import { createLogger } from './logger.js';
import { openPostgresEngine } from './postgres-engine.js';
import type { Database } from './storage/database.js';
import type { Retention } from './privacy/retention.js';

export type Site = {
  app: Express;
  /** the bot's parts: knowledge, the turn and its runner, storage, the web chats, the handoff desk */
  bot: BotParts;
  channel: WebChannel;
  auth: StaffAuth;
  /** /editor and the live reload of content/ */
  editor: Editor;
  /** GDPR erasure (the console's /agent/erase, npm run erase) and the RETENTION_DAYS purge main.ts schedules */
  erasure: DataErasure;
  retention: Retention;
  /** /readyz: its checks, and `drain()` for the shutdown */
  readiness: Readiness;
  /** /metrics (with METRICS_TOKEN) */
  metrics: Metrics;
  /** WebSocket streams of the web channel on the listening server */
  attach: (server: Server) => void;
  /** closes streams (web chats' WebSockets with 1012, "reconnect"); the caller closes the HTTP server, then `closeStorage` */
  close: () => void;
  /** last: commits and closes the SQLite file, or (DATABASE_URL) stops the live events and ends the PostgreSQL pool */
  closeStorage: () => Promise<void>;
};

/** `now`: the clock of every part; `tokenNow`: the web chat tokens' own (tests of their expiry move it alone). */
export type SiteOptions = BotOverrides & { tokenNow?: () => Date; staffStores?: StaffStoresFactory };

/** Everything main.ts serves, built and wired but not listening: bot, web channel, staff sign-in, agent console, editor. */
export async function createSite(config: Config, options: SiteOptions = {}): Promise<Site> {
  const { tokenNow, staffStores, ...overrides } = options;
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const now = overrides.now ?? (() => new Date());
  // DATABASE_URL: every store, the bot's state and what instances share on PostgreSQL (migrated here, at boot).
  // Without it, the SQLite file in DATA_DIR that createBot opens, as always.
  // The metrics count the database's errors from the first connection on, and go first in the bot's turn; they ask
  // the desk for the queue only when scraped.
  const metrics = createMetrics({
    token: config.METRICS_TOKEN,
    waitingCases: async () => (await bot.handoff.store.list(['waiting'])).length,
    databaseOperations: config.DATABASE_URL ? ['query', 'connect', 'listen'] : ['commit'],
  });
  const onDatabaseError = (operation: string) => metrics.databaseError(operation);
  const postgres = config.DATABASE_URL ? await openPostgresEngine(config, { logger, now, onDatabaseError }) : undefined;
  // The bot first: its web chats' deliver is already in its handoff desk; the web channel runs its turns on them.
  const bot = createBot(config, { ...postgres?.bot, ...overrides, logger, observe: metrics.turnMiddleware });
  const { database, translators } = bot;
  if (database) {
    const reportWriteError = database.onWriteError;
    database.onWriteError = (error) => {
      metrics.databaseError('commit');
      reportWriteError(error);
    };
  }
  const sqlite = (): Database => {
    if (!database) throw new Error('createSite: no SQLite file and no PostgreSQL');
    return database;
  };
  // /readyz: the database answers (each engine its own trivial query) and content is loaded.
  const readiness = createReadiness({
    database: postgres ? postgres.ready : () => void sqlite().prepare('SELECT 1').get(),
    content: () => bot.knowledge.current.content.topics.size > 0,
  });
  const channel = await createWebChannel({ config, logger, chats: bot.chats, run: bot.runner(CHANNEL_ID), now: tokenNow });
  const auth = createStaffAuth({
    // Without STAFF_USERS, PostgreSQL's quick-start admin is the same on every instance.
    config: postgres ? { ...config, STAFF_USERS: postgres.staffUsers } : config,
    database,
    translators,
    logger,
    now,
    stores: staffStores ?? postgres?.staffStores,
  });
  const agentDesk = await createDeskRouter({
    desk: bot.handoff,
    auth,
    knowledge: () => bot.knowledge.current,
    translators,
    defaultLocale: config.DEFAULT_LOCALE,
    now,
  });
  const editor = createEditor(bot, { requireStaff: auth.requireStaff, now });
  const privacyOptions = { days: config.RETENTION_DAYS, logger, now };
  const { erasure, retention } = postgres ? postgres.privacy(privacyOptions) : createSqlitePrivacy(sqlite(), privacyOptions);
  const isWebConversation = async (id: string) => (await bot.chats.log.get(id)) !== undefined;

  // Every URL the server answers, by prefix, in the order Express tries them (WebSocket upgrades: channel.attach).
  const routes: Route[] = [
    ['/healthz', createHealthRouter()], // server.ts: the process is up
    ['/readyz', readiness.router], // ops/readiness.ts: ready for traffic (database, content, not shutting down)
    ['/metrics', metrics.router], // ops/metrics.ts: Prometheus, with METRICS_TOKEN only
    ['/api/messages', createMessagesRouter({ ...bot, isWebConversation })], // api-messages.ts: the Bot Framework's POST
    [DIRECT_LINE_PATH, channel.directLine], // /v3/directline: channel/direct-line-router.ts
    ['/', channel.widget], // /widget.js, /widget/panel-….js, /favicon.svg, the demo page: channel/widget-assets.ts
    ['/', auth.router], // /login, /logout, /staff/staff.css: auth/staff-auth.ts
    ['/agent/erase', createErasureRouter({ auth, erasure, translators, defaultLocale: config.DEFAULT_LOCALE, logger })], // privacy/erasure-route.ts
    ['/agent', agentDesk], // the agent console: its page, console.js, /agent/api/…: agent-desk/desk-router.ts
    ['/editor', editor.router], // editor/editor-router.ts
  ];
  const app = createServer({ config, logger, routes });
  const close = () => {
    bot.handoff.stop();
    channel.close();
    editor.close();
  };
  const closeStorage = async () => {
    database?.close();
    // The live events' listener, the turn locks' and presence's connections, then the pool.
    await postgres?.close();
  };
  return { app, bot, channel, auth, editor, erasure, retention, readiness, metrics, attach: channel.attach, close, closeStorage };
}
