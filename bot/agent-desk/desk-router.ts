import express, { type Request, type Response, Router } from 'express';
import type { StaffAuth } from '../auth/staff-auth.js';
import type { Staff } from '../staff/staff-user.js';
import { buildConsoleScript } from '../web/bundles.js';
import { createAsset, sendAsset } from '../web/static-asset.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Translators } from '../language/i18n.js';
import { pageLocale } from '../web/page-locale.js';
import { staffPageHeaders } from '../web/security-headers.js';
import type { ActionResult } from '../handoff/agent-actions.js';
import { CONSOLE_SCRIPT, renderDeskPage } from './desk-page.js';
import { deskStream } from './desk-stream.js';
import { createDeskViews } from './desk-views.js';
import type { HandoffDesk } from '../handoff/handoff-desk.js';

export type DeskRouterDeps = {
  desk: HandoffDesk;
  auth: StaffAuth;
  knowledge: () => KnowledgeBase;
  translators: Translators;
  defaultLocale: string;
  now: () => Date;
};

// More failing mails than this at once is an outage, not a list to work through.
const MAIL_PROBLEMS = 20;
// Agent messages and notes are short; anything bigger is not typed by a person.
const BODY_LIMIT = '32kb';
const STATUS: Record<Exclude<ActionResult, { ok: true }>['problem'], number> = {
  notFound: 404,
  takenBy: 409,
  notYours: 403,
  closed: 409,
  noGuide: 400,
  empty: 400,
};
const PROBLEM: Record<keyof typeof STATUS, string> = {
  notFound: 'There is no such chat.',
  takenBy: 'Another agent has already taken this chat.',
  notYours: 'Only the agent who took this chat can do that. Take it first.',
  closed: 'This chat is no longer open.',
  noGuide: 'There is no such guide in the merchant’s language.',
  empty: 'The text is empty.',
};

/** The agent console (at /agent): the page, its script, and the JSON + server-sent-events API it runs on. Agents only. */
export async function createDeskRouter(deps: DeskRouterDeps): Promise<Router> {
  const { desk, auth } = deps;
  const views = createDeskViews({ store: desk.store, outbox: desk.outbox, mailConfigured: desk.mailer.configured, knowledge: deps.knowledge, now: deps.now });
  const script = createAsset(await buildConsoleScript(), 'text/javascript; charset=utf-8', 'no-cache');
  const router = Router();
  const api = Router();
  const agent = auth.requireStaff('agent');
  const staffOf = (res: Response) => res.locals.staff as Staff;

  // Mounted at /agent (site.ts).
  router.use(staffPageHeaders);
  router.get('/', agent, (req, res) => {
    const locale = pageLocale(req, res, deps.translators.locales, deps.defaultLocale);
    res
      .type('html')
      .send(renderDeskPage({ translators: deps.translators, locale, staff: staffOf(res), csrfToken: res.locals.csrfToken as string, path: req.baseUrl }));
  });
  router.get(`/${CONSOLE_SCRIPT}`, agent, (req, res) => sendAsset(req, res, script));
  router.use('/api', express.json({ limit: BODY_LIMIT }), agent, api);

  api.get('/queue', async (_req, res) => void res.json(await views.queue()));
  api.get('/events', deskStream({ events: desk.events, views, stillSignedIn: async (req) => (await auth.staffOf(req))?.roles.includes('agent') === true }));
  api.get('/cases/:id', async (req, res) => {
    const view = await views.detail(req.params.id as string);
    if (view) res.json(view);
    else res.status(404).json({ problem: 'notFound', error: PROBLEM.notFound });
  });
  api.get('/history', async (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).slice(0, 200) : undefined);
    const day = (name: string) => (/^\d{4}-\d{2}-\d{2}/.test(q(name) ?? '') ? q(name) : undefined);
    // "to" is a day the agent picks: cases of that whole day are in.
    const to = day('to') && new Date(Date.parse((day('to') as string).slice(0, 10)) + 86_400_000).toISOString().slice(0, 10);
    res.json(await desk.history.search({ storeId: q('store'), email: q('email'), text: q('q'), from: day('from'), to, after: q('after') }));
  });
  // Mail a person must look at, wherever its case is now (an answered case has left the lists).
  api.get('/mail-problems', async (_req, res) => {
    res.json(
      (await desk.outbox.troubled(MAIL_PROBLEMS)).map(({ id, caseId, to, status, attempts, lastError, nextAttemptAt }) => ({
        id,
        caseId,
        to,
        status,
        attempts,
        lastError,
        nextAttemptAt,
      })),
    );
  });
  api.get('/guides', (req, res) => {
    const locale = String(req.query.locale ?? deps.defaultLocale);
    const guides = [...deps.knowledge().content.topics].flatMap(([id, byLocale]) => {
      const guide = byLocale.get(locale);
      return guide && guide.kind === 'guide' ? [{ id, title: guide.title }] : [];
    });
    res.json(guides.sort((a, b) => a.title.localeCompare(b.title, locale)));
  });

  const reply = async (res: Response, result: ActionResult) => {
    if (result.ok) return void res.json(await views.detail(result.case.id));
    res.status(STATUS[result.problem]).json({ problem: result.problem, by: result.by, error: PROBLEM[result.problem] });
  };
  const textOf = (req: Request) => (typeof req.body?.text === 'string' ? req.body.text : '');
  const idOf = (req: Request) => req.params.id as string;
  api.post('/cases/:id/claim', async (req, res) => reply(res, await desk.actions.claim(idOf(req), staffOf(res))));
  api.post('/cases/:id/messages', async (req, res) => reply(res, await desk.actions.reply(idOf(req), staffOf(res), textOf(req))));
  api.post('/cases/:id/guides', async (req, res) => reply(res, await desk.actions.sendGuide(idOf(req), staffOf(res), String(req.body?.guideId ?? ''))));
  api.post('/cases/:id/notes', async (req, res) => reply(res, await desk.actions.note(idOf(req), staffOf(res), textOf(req))));
  api.post('/cases/:id/close', async (req, res) => reply(res, await desk.actions.close(idOf(req), staffOf(res))));
  api.use((_req, res) => void res.status(404).json({ error: 'No such agent API call.' }));
  return router;
}
