import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import type { Activity } from 'botbuilder';
import type { Conversations } from './conversations.js';
import type { TokenClaims, Tokens } from './tokens.js';
import { activityProblem } from '../activity-check.js';
import { refuseDeepJson } from '../json-depth.js';
import { clientAddress, type Limit, limitRequests } from '../rate-limits.js';
import { isStorageFault } from '../storage/database.js';
import { TurnBusyError } from '../turn/turn-lock.js';

export const DIRECT_LINE_PATH = '/v3/directline';

type Authorized = Response<unknown, { claims: TokenClaims }>;

// Chat activities are small; anything larger is not a merchant typing.
const BODY_LIMIT = '64kb';

/**
 * The part of Direct Line 3.0 that the widget's panel, Web Chat and botframework-directlinejs use. Every call but
 * tokens/generate needs a token, and a token opens only its own conversation.
 */
export type DirectLineLimits = { tokens: Limit; starts: Limit; turns: Limit; addressTurns: Limit };

export function createDirectLineRouter(deps: { conversations: Conversations; tokens: Tokens; limits: DirectLineLimits }): Router {
  const { conversations, tokens, limits } = deps;
  const tooMany = (res: Response, seconds: number) => fail(res, 429, 'TooManyRequests', `Too many requests from this client; try again in ${seconds} s.`);
  const perAddress = (limit: Limit) => limitRequests([{ limit, key: clientAddress }], tooMany);
  // Typing indicators run no turn and store nothing: only real activities count.
  const countsAsTurn = (req: Request) => (req.body as { type?: unknown } | undefined)?.type !== 'typing';
  const perTurn = limitRequests(
    [
      { limit: limits.turns, key: (req, res) => (countsAsTurn(req) ? (res as Authorized).locals.claims.conv : undefined) },
      { limit: limits.addressTurns, key: (req) => (countsAsTurn(req) ? clientAddress(req) : undefined) },
    ],
    tooMany,
  );
  // Mounted at DIRECT_LINE_PATH (site.ts); the WebSocket stream under it is direct-line-socket.ts's.
  const dl = Router();

  dl.use(allowAnyOrigin);
  dl.use(express.json({ limit: BODY_LIMIT, verify: refuseDeepJson }));

  const auth =
    (bindToPath: boolean): RequestHandler =>
    async (req, res, next) => {
      const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      const claims = tokens.verify(token);
      if (!claims) return fail(res, 403, 'TokenInvalid', 'The token is missing, not ours or expired. Get a new one from tokens/generate.');
      if (bindToPath && req.params.id !== claims.conv) return fail(res, 403, 'TokenInvalid', 'This token belongs to another conversation.');
      const conversation = await conversations.get(claims.conv);
      if (!conversation) return fail(res, 404, 'NotFound', 'There is no such conversation.');
      if (conversation.endedAt) return fail(res, 403, 'TokenInvalid', 'This conversation was ended; start a new one with tokens/generate.');
      res.locals.claims = claims;
      next();
    };

  const conversationFor = (req: Request, res: Authorized, status: number) => {
    const { conv, user, born } = res.locals.claims;
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : '';
    const stream = tokens.issue(conv, user, 'stream', born);
    const streamUrl = `${streamBase(req)}${DIRECT_LINE_PATH}/conversations/${encodeURIComponent(conv)}/stream?watermark=${encodeURIComponent(watermark)}&t=${stream.token}`;
    const token = (req.get('authorization') ?? '').slice('Bearer '.length);
    res.status(status).json({ conversationId: conv, token, expires_in: tokens.secondsLeft(res.locals.claims), streamUrl });
  };

  dl.post('/tokens/generate', perAddress(limits.tokens), async (_req, res) => {
    const { conversationId, userId } = await conversations.durably(() => conversations.create());
    const issued = tokens.issue(conversationId, userId);
    res.json({ conversationId, token: issued.token, expires_in: issued.expiresIn });
  });

  dl.post('/tokens/refresh', auth(false), (_req, res: Authorized) => {
    const { conv, user, born } = res.locals.claims;
    // The new token keeps the first one's birth: refreshing never extends a conversation past DIRECT_LINE_SESSION_HOURS.
    const issued = tokens.issue(conv, user, 'conversation', born);
    res.json({ conversationId: conv, token: issued.token, expires_in: issued.expiresIn });
  });

  dl.post('/conversations', perAddress(limits.starts), auth(false), async (req, res: Authorized) => {
    const locale = typeof req.body?.locale === 'string' ? req.body.locale : undefined;
    await conversations.durably(() => conversations.start(res.locals.claims.conv, res.locals.claims.user, locale));
    conversationFor(req, res, 201);
  });

  dl.get('/conversations/:id', auth(true), (req, res: Authorized) => conversationFor(req, res, 200));

  dl.post('/conversations/:id/activities', auth(true), perTurn, async (req, res: Authorized) => {
    const activity = req.body as Partial<Activity> | undefined;
    if (!activity || typeof activity !== 'object' || !['message', 'event', 'typing', 'endOfConversation'].includes(activity.type as string)) {
      return fail(res, 400, 'BadArgument', 'The body must be an activity of type "message", "event", "typing" or "endOfConversation".');
    }
    // The widget's "Start over" (standard Direct Line, so Azure's takes it too): the old token is revoked here.
    if (activity.type === 'endOfConversation') {
      await conversations.durably(() => conversations.end(res.locals.claims.conv));
      return void res.json({ id: `${res.locals.claims.conv}|end` });
    }
    const problem = activityProblem(activity, 'web chat');
    if (problem) return fail(res, 400, 'BadArgument', problem);
    const id = await conversations.durably(() => conversations.post(res.locals.claims.conv, res.locals.claims.user, activity));
    res.json({ id });
  });

  dl.get('/conversations/:id/activities', auth(true), async (req, res) => {
    // A read in the same tick as a write may see rows not yet committed: answer once they are.
    res.json(await conversations.durably(() => conversations.since(req.params.id as string, watermarkOf(req.query.watermark))));
  });

  dl.use((_req, res) => fail(res, 404, 'NotFound', 'Not part of the Direct Line 3.0 subset this server speaks (no uploads).'));
  dl.use(storageUnavailable);
  return dl;
}

export function watermarkOf(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : 0;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

// Behind a TLS proxy the stream must be wss:, or the browser refuses it on an https page.
function streamBase(req: Request): string {
  const proto = (req.get('x-forwarded-proto') ?? req.protocol).split(',')[0]?.trim();
  return `${proto === 'https' ? 'wss' : 'ws'}://${req.get('host')}`;
}

// Seconds a client waits before retrying after a failed commit: long enough for an operator's alert, short for a chat.
export const RETRY_AFTER_SECONDS = 5;

const storageUnavailable: ErrorRequestHandler = (error, _req, res, next) => {
  const busy = error instanceof TurnBusyError;
  if ((!busy && !isStorageFault(error)) || res.headersSent) return next(error);
  res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  fail(res, 503, 'ServiceUnavailable', busy ? BUSY : 'Nothing was kept: the server could not save. Send it again in a few seconds.');
};

/** The turn lock waited its whole time (TurnBusyError): the message did not run and was not stored. */
const BUSY = 'Nothing was kept: an earlier message of this conversation is still being answered. Send it again in a few seconds.';

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

// The widget runs on merchants' pages of other origins; tokens travel in a header, never in cookies.
// Web Chat's client sends x-ms-bot-agent and X-Requested-With besides the usual two.
const allowAnyOrigin: RequestHandler = (req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent, X-Requested-With');
  res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  if (req.method === 'OPTIONS') res.status(204).end();
  else next();
};
