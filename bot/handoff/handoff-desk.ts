import type { Middleware, TranscriptStore } from 'botbuilder';
import type { SupportAdapter } from '../adapter.js';
import type { Config } from '../config.js';
import type { Presence } from '../events/presence.js';
import type { PubSub } from '../events/pubsub.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Translators } from '../language/i18n.js';
import type { Logger } from '../logger.js';
import { type AgentActions, createAgentActions } from './agent-actions.js';
import { type CaseEvents, createCaseEvents } from './case-events.js';
import { createHandoffTurns } from './handoff-turns.js';
import type { HandoffStore } from './handoff-store.js';
import { createHandoffWebhook, type HandoffWebhook } from './handoff-webhook.js';
import type { MailOutbox } from './mail-outbox.js';
import type { CaseHistory } from './case-history.js';
import type { DeskStores } from './desk-stores.js';
import { createHistoryRecorder } from './history-recorder.js';
import { createMailSender, type MailSender, type MailTransport } from './mail-sender.js';
import { createMerchantNotices } from './merchant-notices.js';
import { createMerchantOutlet, type Deliver } from './merchant-outlet.js';
import { createHandoff, type Handoff } from './start-handoff.js';
import { createQueueWatch } from './queue-watch.js';
import { waitEstimator } from './wait-estimate.js';
import { createWaitingExpiry } from './waiting-expiry.js';

export type HandoffDesk = {
  /** for the bot: opens a case when the merchant wants a person */
  handoff: Handoff;
  /** for the adapter, after masking and the transcript logger: keeps the bot silent while a case holds the chat */
  middleware: Middleware;
  actions: AgentActions;
  events: CaseEvents;
  store: HandoffStore;
  outbox: MailOutbox;
  mailer: MailSender;
  history: CaseHistory;
  /** ends chats nobody took in time (also runs on its own every 30 s); answers how many */
  expireWaiting: () => Promise<number>;
  /** the helpdesk webhook: its outbox's sender */
  webhook: HandoffWebhook;
  /** stops the desk's timers (mail and webhook senders, expiry) */
  stop: () => void;
};

export type HandoffDeskDeps = {
  config: Pick<
    Config,
    | 'DEFAULT_LOCALE'
    | 'SUPPORT_HOURS'
    | 'SUPPORT_TIMEZONE'
    | 'HANDOFF_WEBHOOK_URL'
    | 'HANDOFF_WEBHOOK_SECRET'
    | 'HANDOFF_WEBHOOK_TIMEOUT_SECONDS'
    | 'MicrosoftAppId'
    | 'UNAUTHENTICATED_REPLY_HOSTS'
    | 'SMTP_URL'
    | 'MAIL_FROM'
    | 'HANDOFF_CASES_PER_HOUR'
    | 'HANDOFF_WAIT_MINUTES'
  >;
  /** SQLite's (createSqliteDeskStores) or PostgreSQL's (createPostgresDeskStores) */
  stores: DeskStores;
  /** tests: a transport of their own, and short retry pauses */
  mail?: { transport?: MailTransport; retryDelaysMs?: number[] };
  transcripts: TranscriptStore;
  adapter: SupportAdapter;
  /** the web channel's deliver (bot.chats), so agents' messages reach the widget live */
  deliver: Deliver;
  knowledge: () => KnowledgeBase;
  translators: Translators;
  logger: Logger;
  now: () => Date;
  /** the console's live events and agents online across instances (bot.ts: coordination.ts); this process's own without */
  live?: { events: PubSub; presence: Presence };
};

/** The handoff, put together: merchant side (start, turns while waiting or with an agent) and agent side (actions, events). */
export function createHandoffDesk(deps: HandoffDeskDeps): HandoffDesk {
  const { config, now } = deps;
  const { store, outbox, history, claims, intake, webhooks, together } = deps.stores;
  const events = createCaseEvents({
    bus: deps.live?.events,
    presence: deps.live?.presence,
    entries: (caseId) => store.entries(caseId),
    onError: (error) => deps.logger.warn('case event failed', { error: error.message }),
  });
  const notices = createMerchantNotices({
    translators: deps.translators,
    webchatLocale: (locale) => deps.knowledge().content.languages.get(locale)?.webchatLocale ?? locale,
    hours: config.SUPPORT_HOURS,
    timeZone: config.SUPPORT_TIMEZONE,
  });
  const webhook = createHandoffWebhook({
    url: config.HANDOFF_WEBHOOK_URL,
    secret: config.HANDOFF_WEBHOOK_SECRET,
    timeoutMs: config.HANDOFF_WEBHOOK_TIMEOUT_SECONDS * 1000,
    logger: deps.logger,
    outbox: webhooks,
    now,
  });
  const outlet = createMerchantOutlet({ adapter: deps.adapter, config, logger: deps.logger, deliver: deps.deliver });
  const mailer = createMailSender({
    outbox,
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    logger: deps.logger,
    now,
    changed: (mail) => events.publish({ type: 'case', caseId: mail.caseId }),
    ...deps.mail,
  });
  const estimate = () => waitEstimator(claims, now());
  const watch = createQueueWatch({ store, notices, outlet, events, estimate, logger: deps.logger, now });
  const expiry = createWaitingExpiry({ store, notices, outlet, events, waitMinutes: config.HANDOFF_WAIT_MINUTES, logger: deps.logger, now });
  return {
    handoff: createHandoff({
      store,
      together,
      transcripts: deps.transcripts,
      notices,
      events,
      webhook,
      hours: config.SUPPORT_HOURS,
      timeZone: config.SUPPORT_TIMEZONE,
      estimate,
      intake,
      casesPerHour: config.HANDOFF_CASES_PER_HOUR,
      now,
    }),
    middleware: createHandoffTurns({ store, together, notices, events, webhook, defaultLocale: config.DEFAULT_LOCALE, now }),
    actions: createAgentActions({
      store,
      events,
      outlet,
      notices,
      knowledge: deps.knowledge,
      translators: deps.translators,
      outbox,
      mailer,
      recordHistory: createHistoryRecorder({ store, outbox, history }),
      claims,
      now,
    }),
    expireWaiting: expiry.sweep,
    stop() {
      mailer.stop();
      webhook.stop();
      expiry.stop();
      watch.stop();
      void events.close();
    },
    events,
    store,
    outbox,
    mailer,
    webhook,
    history,
  };
}
