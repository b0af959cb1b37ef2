import { type BotAdapter, type Middleware, MiddlewareSet, ShowTypingMiddleware, type TurnContext } from 'botbuilder';
import type { Translators } from '../language/i18n.js';
import { languageOf } from '../language/locale.js';
import type { Logger } from '../logger.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** Everything an adapter needs to run our turn: what each activity passes through, the bot, and the one sink for failures. */
export type Turn = {
  pipeline: MiddlewareSet;
  logic: TurnLogic;
  onError: (context: TurnContext, error: Error) => Promise<void>;
};

export type TurnDeps = {
  /** in order, before the bot (masking, intake, transcript, handoff) */
  middleware: Middleware[];
  logic: TurnLogic;
  translators: Translators;
  logger: Logger;
  defaultLocale: string;
  /** false where replies are asserted in order (TestAdapter): a slow machine would slip a "typing" in between */
  showTyping?: boolean;
};

// Typing shows only when a turn takes longer than this, so fast answers are not preceded by a flicker (the web channel too).
export const TYPING_DELAY_MS = 300;

/**
 * "Typing" means something only where each reply goes out as it is sent (the Emulator, Azure Bot Service). With
 * expectReplies every reply, typing included, arrives at once with the answer; the web channel shows its own.
 */
function typingWhenDeliveredLive(typing: ShowTypingMiddleware): Middleware {
  return {
    onTurn: (context, next) => (context.activity.deliveryMode === 'expectReplies' ? next() : typing.onTurn(context, next)),
  };
}

/** The turn as every caller runs it: production's CloudAdapter, the editor's preview, the tests' TestAdapter. */
export function createTurn(deps: TurnDeps): Turn {
  const pipeline = new MiddlewareSet(...deps.middleware);
  if (deps.showTyping ?? true) pipeline.use(typingWhenDeliveredLive(new ShowTypingMiddleware(TYPING_DELAY_MS)));
  return {
    pipeline,
    logic: deps.logic,
    async onError(context, error) {
      deps.logger.error('turn failed', { conversationId: context.activity.conversation?.id, error: error.message });
      const locale = languageOf(context.activity.locale) ?? deps.defaultLocale;
      await context.sendActivity(deps.translators.t(locale)('error.turn'));
    },
  };
}

/** Puts the turn's pipeline and error handler on an adapter; the adapter then runs activities with `turn.logic`. */
export function useTurn<A extends BotAdapter>(adapter: A, turn: Turn): A {
  adapter.use(turn.pipeline);
  adapter.onTurnError = turn.onError;
  return adapter;
}
