import { resolve } from 'node:path';
import {
  ConversationState,
  type Middleware,
  ShowTypingMiddleware,
  type Storage,
  TranscriptLoggerMiddleware,
  type TranscriptStore,
  type TurnContext,
} from 'botbuilder';
import { createAdapter, type SupportAdapter } from './adapter.js';
import { CHANNEL_ID } from './channel/conversations.js';
import type { Config } from './config.js';
import { createHandoffDesk, type HandoffDesk } from './handoff/handoff-desk.js';
import { buildKnowledgeBase, type KnowledgeBase } from './knowledge/knowledge-base.js';
import { createTranslators, type Translators } from './language/i18n.js';
import { createLogger, type Logger } from './logger.js';
import { intakeMiddleware } from './intake.js';
import { maskSecretsMiddleware } from './mask-secrets-middleware.js';
import { type Database, openDatabase } from './storage/database.js';
import type { Records } from './storage/records.js';
import { createSqliteHandoffStore } from './storage/sqlite-handoff-store.js';
import { createSqliteMailOutbox } from './storage/sqlite-mail-outbox.js';
import { createSqliteCaseHistory } from './storage/sqlite-case-history.js';
import { createSqliteClaimTimes } from './storage/sqlite-claim-times.js';
import { createSqliteHandoffIntake } from './storage/sqlite-handoff-intake.js';
import type { MailTransport } from './handoff/mail-sender.js';
import { createSqliteRecords } from './storage/sqlite-records.js';
import { createSqliteStorage } from './storage/sqlite-storage.js';
import { createSqliteTranscriptStore } from './storage/sqlite-transcript-store.js';
import { withWebChatLog } from './storage/web-chat-transcripts.js';
import { SupportBot } from './support-bot.js';

export type AppParts = {
  config: Config;
  logger: Logger;
  adapter: SupportAdapter;
  bot: SupportBot;
  knowledge: { current: KnowledgeBase };
  translators: Translators;
  records: Records;
  transcripts: TranscriptStore;
  /** the SQLite file under DATA_DIR (':memory:' in tests): state, transcripts, records, handoff cases */
  database: Database;
  /** the human handoff: cases, the agent's actions, live events for the console */
  handoff: HandoffDesk;
  /** what every turn passes through before the bot (masking, transcript), for test adapters to reuse */
  middleware: Middleware[];
  logic: (context: TurnContext) => Promise<void>;
};

export type AppOverrides = Partial<Pick<AppParts, 'logger' | 'records' | 'transcripts'>> & {
  storage?: Storage;
  /** an already opened SQLite file; otherwise createApp opens the one in DATA_DIR */
  database?: Database;
  now?: () => Date;
  /** tests: the e-mail transport and retry pauses (otherwise nodemailer over SMTP_URL) */
  mail?: { transport?: MailTransport; retryDelaysMs?: number[] };
};

// Typing shows only when a turn takes longer than this, so fast answers are not preceded by a flicker.
const TYPING_DELAY_MS = 300;

/**
 * "Typing" means something only where each reply goes out as it is sent (the Emulator, Azure Bot Service). With
 * expectReplies every reply, typing included, arrives at once with the answer; the web channel shows its own.
 */
function typingWhenDeliveredLive(typing: ShowTypingMiddleware): Middleware {
  return {
    onTurn: (context, next) => (context.activity.deliveryMode === 'expectReplies' ? next() : typing.onTurn(context, next)),
  };
}

/** Builds every part of the bot from configuration; nothing listens until main.ts says so. */
export function createApp(config: Config, overrides: AppOverrides = {}): AppParts {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const knowledge = { current: buildKnowledgeBase({ ...config, CONTENT_DIR: resolve(config.CONTENT_DIR) }) };
  const translators = createTranslators(resolve(config.LOCALES_DIR), config.DEFAULT_LOCALE);
  checkLanguages(knowledge.current, translators, config.DEFAULT_LOCALE);
  const database = overrides.database ?? openDatabase(config.DATA_DIR);
  database.onWriteError = (error) => logger.error('database write failed', { error: error.message });
  // Web chats' transcripts are their Direct Line log (kept once); other channels' go to the transcript table.
  const transcripts = overrides.transcripts ?? withWebChatLog(createSqliteTranscriptStore(database), database, CHANNEL_ID);
  const records = overrides.records ?? createSqliteRecords(database);
  const now = overrides.now ?? (() => new Date());
  const adapter = createAdapter(config);
  const handoff = createHandoffDesk({
    config,
    store: createSqliteHandoffStore(database),
    outbox: createSqliteMailOutbox(database),
    history: createSqliteCaseHistory(database),
    claims: createSqliteClaimTimes(database),
    intake: createSqliteHandoffIntake(database),
    mail: overrides.mail,
    transcripts, adapter, knowledge: () => knowledge.current, translators, logger, now });
  // Masking first, so neither the transcript nor the agent ever sees a pasted secret; the handoff before the bot, so it can keep it silent.
  // Intake right after masking (a secret cut in half would no longer be recognised), before anything stores the text.
  const middleware = [maskSecretsMiddleware, intakeMiddleware(config.MAX_MESSAGE_CHARS), new TranscriptLoggerMiddleware(transcripts), handoff.middleware];
  for (const m of middleware) adapter.use(m);
  adapter.use(typingWhenDeliveredLive(new ShowTypingMiddleware(TYPING_DELAY_MS)));
  const bot = new SupportBot({
    knowledge: () => knowledge.current,
    translators,
    state: new ConversationState(overrides.storage ?? createSqliteStorage(database)),
    records,
    handoff: handoff.handoff,
    defaultLocale: config.DEFAULT_LOCALE,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    now: overrides.now,
  });
  adapter.onTurnError = async (context, error) => {
    logger.error('turn failed', { conversationId: context.activity.conversation?.id, error: error.message });
    const locale = context.activity.locale?.slice(0, 2) ?? config.DEFAULT_LOCALE;
    await context.sendActivity(translators.t(locale)('error.turn'));
  };
  return { config, logger, adapter, middleware, bot, knowledge, translators, records, transcripts, database, handoff, logic: (context) => bot.run(context) };
}

export function checkLanguages(kb: KnowledgeBase, translators: Translators, defaultLocale: string): void {
  const problems: string[] = [];
  if (!kb.locales.includes(defaultLocale)) problems.push(`DEFAULT_LOCALE "${defaultLocale}" has no content/languages/${defaultLocale}.yaml`);
  for (const locale of kb.locales) {
    if (!translators.locales.includes(locale)) problems.push(`content has language "${locale}" but locales/${locale}/ is missing`);
    for (const topic of kb.content.languages.get(locale)?.smalltalk.keys() ?? []) {
      if (!translators.t(locale)(`smalltalk.${topic}`, { defaultValue: '' })) problems.push(`locales/${locale}: no string "smalltalk.${topic}" for the small-talk kind in content/languages/${locale}.yaml`);
    }
  }
  if (problems.length > 0) throw new Error(`Languages do not line up:\n  ${problems.join('\n  ')}`);
}
