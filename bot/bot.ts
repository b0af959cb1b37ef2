import { resolve } from 'node:path';
import { ConversationState, type Middleware, type Storage, TranscriptLoggerMiddleware, type TranscriptStore } from 'botbuilder';
import { createAdapter, type SupportAdapter } from './adapter.js';
import { createStreamHub } from './channel/stream-hub.js';
import { CHANNEL_ID, committedActivities, createWebChats, type WebChats } from './channel/web-chats.js';
import { type Coordination, createInProcessCoordination } from './coordination.js';
import type { Config } from './config.js';
import { createHandoffDesk, type HandoffDesk } from './handoff/handoff-desk.js';
import { buildKnowledgeBase, type KnowledgeBase } from './knowledge/knowledge-base.js';
import { createTranslators, type Translators } from './language/i18n.js';
import { createLogger, type Logger } from './logger.js';
import { intakeMiddleware } from './turn/intake.js';
import { maskSecretsMiddleware } from './mask-secrets-middleware.js';
import type { ChatStores } from './storage/chat-stores.js';
import { type Database, openDatabase } from './storage/database.js';
import type { Records } from './storage/records.js';
import { createSqliteDeskStores, type DeskStores } from './handoff/desk-stores.js';
import type { MailTransport } from './handoff/mail-sender.js';
import { createSqliteChatStores } from './storage/sqlite-chat-stores.js';
import { createSqliteStorage } from './storage/sqlite-storage.js';
import { SupportBot } from './turn/support-bot.js';
import { checkLanguages } from './knowledge/check-languages.js';
import { createTurn, type Turn, useTurn } from './turn/create-turn.js';
import { createTurnRunner, type TurnRunner } from './turn/turn-runner.js';

export type BotParts = {
  config: Config;
  logger: Logger;
  adapter: SupportAdapter;
  knowledge: { current: KnowledgeBase };
  translators: Translators;
  records: Records;
  transcripts: TranscriptStore;
  /** the SQLite file under DATA_DIR (':memory:' in tests): state, transcripts, records, handoff cases; none on PostgreSQL */
  database?: Database;
  /** runs `work` and resolves once what it wrote (state, transcripts, records) is committed, on either engine */
  durably: ChatStores['durably'];
  /** the web chats' log and live streams: the handoff desk delivers agents' messages into them, the web channel runs its turns on them */
  chats: WebChats;
  /** live events, agents online and the turn lock, shared with other instances or (by default) this process's own */
  coordination: Coordination;
  /** the human handoff: cases, the agent's actions, live events for the console */
  handoff: HandoffDesk;
  /** the turn as production runs it (the adapter already has its pipeline and error handler) */
  turn: Turn;
  /** the same turn for another adapter (tests' TestAdapter: no typing there) */
  buildTurn: (options: { showTyping: boolean }) => Turn;
  /** the front door for running an activity in process on `adapter` (web channel, eval, tests) */
  runner: (channelId: string) => TurnRunner;
};

export type BotOverrides = Partial<Pick<BotParts, 'logger' | 'records' | 'transcripts'>> & {
  storage?: Storage;
  /** an already opened SQLite file; otherwise createBot opens the one in DATA_DIR (unless `chatStores` is given) */
  database?: Database;
  /** the chat side's stores on PostgreSQL (postgres-engine.ts, with `storage`, `deskStores` and `coordination`): no SQLite file is opened */
  chatStores?: ChatStores;
  /** several instances: createPostgresCoordination (coordination.ts); otherwise this process's own */
  coordination?: Coordination;
  /** the clock of every part (tests fix it or move it) */
  now?: () => Date;
  /** runs first in every turn, around everything else (the site's metrics) */
  observe?: Middleware;
  /** tests: the e-mail transport and retry pauses (otherwise nodemailer over SMTP_URL) */
  mail?: { transport?: MailTransport; retryDelaysMs?: number[] };
  /** the handoff desk's stores on another engine (PostgreSQL); otherwise in the SQLite file */
  deskStores?: DeskStores;
};

/** Builds every part of the bot from configuration; nothing listens until main.ts says so. */
export function createBot(config: Config, overrides: BotOverrides = {}): BotParts {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const knowledge = { current: buildKnowledgeBase({ ...config, CONTENT_DIR: resolve(config.CONTENT_DIR) }) };
  const translators = createTranslators(resolve(config.LOCALES_DIR), config.DEFAULT_LOCALE);
  checkLanguages(knowledge.current, translators, config.DEFAULT_LOCALE);
  // The SQLite file, unless the stores are on PostgreSQL (DATABASE_URL: site.ts gives every store then).
  const database = overrides.chatStores ? overrides.database : (overrides.database ?? openDatabase(config.DATA_DIR));
  if (database) database.onWriteError = (error) => logger.error('database write failed', { error: error.message });
  const sqlite = (): Database => {
    if (!database) throw new Error('createBot: with chatStores on PostgreSQL, give storage and deskStores too (postgres-engine.ts)');
    return database;
  };
  const stores = overrides.chatStores ?? createSqliteChatStores(sqlite(), { webChannelId: CHANNEL_ID });
  const transcripts = overrides.transcripts ?? stores.transcripts;
  const records = overrides.records ?? stores.records;
  const now = overrides.now ?? (() => new Date());
  const adapter = createAdapter(config);
  const coordination =
    overrides.coordination ?? createInProcessCoordination({ onError: (error) => logger.error('live event failed', { error: error.message }) });
  const hub = createStreamHub({
    events: coordination.events,
    read: committedActivities(stores.log),
    onError: (error) => logger.error('Direct Line stream failed', { error: error.message }),
  });
  const chats = createWebChats({ log: stores.log, hub, tokenUses: stores.tokenUses, turnLock: coordination.turnLock, now });
  const handoff = createHandoffDesk({
    config,
    stores: overrides.deskStores ?? createSqliteDeskStores(sqlite()),
    mail: overrides.mail,
    transcripts,
    adapter,
    deliver: chats.deliver,
    knowledge: () => knowledge.current,
    translators,
    logger,
    now,
    live: coordination,
  });
  // Masking first, so neither the transcript nor the agent ever sees a pasted secret; the handoff before the bot, so it can keep it silent.
  // Intake right after masking (a secret cut in half would no longer be recognised), before anything stores the text.
  const middleware = [
    ...(overrides.observe ? [overrides.observe] : []),
    maskSecretsMiddleware,
    intakeMiddleware(config.MAX_MESSAGE_CHARS),
    new TranscriptLoggerMiddleware(transcripts),
    handoff.middleware,
  ];
  const bot = new SupportBot({
    knowledge: () => knowledge.current,
    translators,
    state: new ConversationState(overrides.storage ?? createSqliteStorage(sqlite())),
    records,
    handoff: handoff.handoff,
    defaultLocale: config.DEFAULT_LOCALE,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    now: overrides.now,
  });
  const buildTurn = ({ showTyping }: { showTyping: boolean }) =>
    createTurn({ middleware, logic: (context) => bot.run(context), translators, logger, defaultLocale: config.DEFAULT_LOCALE, showTyping });
  const turn = buildTurn({ showTyping: true });
  useTurn(adapter, turn);
  return {
    config,
    logger,
    adapter,
    knowledge,
    translators,
    records,
    transcripts,
    database,
    durably: stores.durably,
    chats,
    coordination,
    handoff,
    turn,
    buildTurn,
    runner: (channelId) => createTurnRunner(adapter, turn, channelId),
  };
}
