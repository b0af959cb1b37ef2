import express, { type Request, type RequestHandler, Router } from 'express';
import type { Activity } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { activityProblem } from './activity-check.js';
import { mayPostReplies, type SupportAdapter } from './adapter.js';
import type { Config } from './config.js';
import { refuseDeepJson } from './json-depth.js';
import { clientAddress, createLimit, limitRequests } from './rate-limits.js';
import type { Turn } from './turn/create-turn.js';
import type { TurnLock } from './turn/turn-lock.js';

export type MessagesRouteParts = {
  config: Pick<Config, 'MicrosoftAppId' | 'UNAUTHENTICATED_REPLY_HOSTS' | 'RATE_LIMIT_TURNS_PER_MINUTE' | 'RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE'>;
  adapter: SupportAdapter;
  /** its pipeline and error handler are on `adapter` already (useTurn) */
  turn: Pick<Turn, 'logic'>;
  /** true for a conversation the web channel opened: /api/messages may never touch it */
  isWebConversation?: (conversationId: string) => Promise<boolean>;
  /** an answer waits until the turn's rows are committed (bot.durably: the SQLite file's or PostgreSQL's writes) */
  durably: <T>(work: () => Promise<T>) => Promise<T>;
  /** several instances (bot.coordination): turns of one conversation one at a time across them */
  coordination?: { shared: boolean; turnLock: TurnLock };
};

// Activities are small; anything larger than this is not a chat message.
const BODY_LIMIT = '256kb';

/** POST /api/messages: the Bot Framework's front door (the Emulator, Azure Bot Service); mounted by site.ts. */
export function createMessagesRouter(parts: MessagesRouteParts): Router {
  const router = Router();
  const perTurn = limitTurns(parts.config);
  router.post(
    '/',
    express.json({ limit: BODY_LIMIT, verify: refuseDeepJson }),
    validateActivity,
    ownChannelOnly(parts.isWebConversation),
    perTurn,
    replyInBodyUnlessTrusted(parts.config),
    async (req, res) => {
      // CloudAdapter.process would check the request again with zod schemas it builds anew on every request (5 % of the
      // server's time in a profile); the activity is checked above, so the adapter's processActivity runs the turn, JWT
      // check included.
      let response: { status?: number; body?: unknown } | undefined;
      try {
        const activity = req.body as Activity;
        const turn = () => parts.adapter.processHttpActivity(req.get('authorization') ?? '', activity, parts.turn.logic);
        // botbuilder saves a conversation's state with eTag '*': two of its turns on two instances at once would undo each
        // other's changes. A single instance runs them side by side, as it always did.
        const [lock, conversationId] = [parts.coordination?.shared ? parts.coordination.turnLock : undefined, activity.conversation?.id];
        const locked = lock && conversationId ? () => lock.run(conversationId, turn) : turn;
        response = await parts.durably(locked);
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        res.status(401).json({ error: 'This bot needs a valid Bot Framework token.' });
        return;
      }
      // An invoke is answered by its invoke response, also when the replies come back in the body (expectReplies).
      const invoked = invokeResponseOf(req.body as Activity, response?.body);
      if (invoked) response = invoked;
      res.status(response?.status ?? 200);
      if (response?.body === undefined) res.end();
      else res.json(response.body);
    },
  );
  return router;
}

const validateActivity: RequestHandler = (req, res, next) => {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    res.status(400).json({ error: 'The body must be a Bot Framework activity (a JSON object).' });
    return;
  }
  const problem = activityProblem(body, 'bot framework');
  if (problem) {
    res.status(400).json({ error: problem });
    return;
  }
  const activity = body as Partial<Activity> & Record<string, unknown>;
  activity.channelId ??= 'unknown';
  // What a channel sends the bot always comes from the user: a caller's "bot" role must not make its text the bot's.
  activity.from = { ...(activity.from ?? { id: 'anonymous', name: '' }), role: 'user' };
  activity.recipient ??= { id: 'bot', name: 'bot' };
  activity.serviceUrl ??= '';
  // As botbuilder does: times become Dates, and the text as sent is kept beside them.
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const text = activity[field];
    if (typeof text !== 'string') continue;
    activity[raw] = text;
    activity[field] = new Date(text);
  }
  next();
};

function invokeResponseOf(activity: Activity, body: unknown): { status: number; body?: unknown } | undefined {
  if (activity.type !== 'invoke') return undefined;
  const replies = (body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  return replies.find((a) => a.type === 'invokeResponse')?.value as { status: number; body?: unknown } | undefined;
}

/**
 * Messages per conversation, and without an app id per address too (with one, every request comes from Azure's
 * addresses, and the Bot Framework token already says who sent it).
 */
function limitTurns(config: MessagesRouteParts['config']): RequestHandler {
  const turns = createLimit(config.RATE_LIMIT_TURNS_PER_MINUTE);
  const addressTurns = createLimit(config.MicrosoftAppId ? 0 : config.RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE);
  const isTurn = (req: Request) => (req.body as Activity).type === 'message' || (req.body as Activity).type === 'invoke';
  return limitRequests(
    [
      { limit: turns, key: (req) => (isTurn(req) ? `${(req.body as Activity).channelId}/${(req.body as Activity).conversation.id}` : undefined) },
      { limit: addressTurns, key: (req) => (isTurn(req) ? clientAddress(req) : undefined) },
    ],
    (res, seconds) => void res.status(429).json({ error: `Too many messages; try again in ${seconds} s.` }),
  );
}

/** A conversation belongs to the channel that opened it: a web chat's id is refused here, whatever the channelId says. */
function ownChannelOnly(isWebConversation: MessagesRouteParts['isWebConversation']): RequestHandler {
  return async (req, res, next) => {
    const id = (req.body as Activity).conversation.id;
    if (await isWebConversation?.(id)) {
      res.status(403).json({ error: 'This conversation belongs to the web chat; /api/messages cannot post to it.' });
      return;
    }
    next();
  };
}

/**
 * Without credentials the adapter would POST replies to whatever serviceUrl the caller names (request forgery).
 * So, unauthenticated, replies go back in the HTTP response, except to hosts listed for local Emulator use.
 */
function replyInBodyUnlessTrusted(config: MessagesRouteParts['config']): RequestHandler {
  return (req, _res, next) => {
    const activity = req.body as Activity;
    if (!mayPostReplies(activity.serviceUrl, config)) activity.deliveryMode = 'expectReplies';
    next();
  };
}
