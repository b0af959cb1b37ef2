import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { STORE_ID } from '../knowledge/portal-map.js';

/** Set on a turn whose text was longer than MAX_MESSAGE_CHARS: the bot tells the merchant the rest was ignored. */
export const TEXT_CUT = Symbol('textCut');

/** At most `maxChars` of a text: the bot reads no more, so nothing stores more. */
export function cutText(text: string, maxChars: number): string {
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

/**
 * What a client sends, made safe to keep: the text cut to what the bot reads, a store id only when it is shaped like
 * one, and no `answer` in channelData (only the bot's own replies carry one; a forged one would reach the agent's
 * transcript as if the bot had said it).
 */
export function cleanIncoming(activity: Partial<Activity>, maxChars: number): { cut: boolean } {
  let cut = false;
  if (typeof activity.text === 'string' && activity.text.length > maxChars) {
    activity.text = cutText(activity.text, maxChars);
    cut = true;
  }
  const data = activity.channelData as Record<string, unknown> | undefined;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const { answer: _forged, storeId, ...rest } = data;
    activity.channelData = typeof storeId === 'string' && STORE_ID.test(storeId) ? { ...rest, storeId } : rest;
  } else if (data !== undefined) activity.channelData = undefined;
  return { cut };
}

/** Runs right after masking, before the transcript and the bot, so nothing keeps what the bot will not read. */
export function intakeMiddleware(maxChars: number): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      if (cleanIncoming(context.activity, maxChars).cut) context.turnState.set(TEXT_CUT, true);
      await next();
    },
  };
}
