import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Config } from '../config.js';
import type { Translators } from '../language/i18n.js';
import type { Logger } from '../logger.js';
import type { Database } from '../storage/database.js';
import { isHttps, readCookies } from '../web/cookies.js';
import { pageLocale } from '../web/page-locale.js';
import { staffPageHeaders } from '../web/security-headers.js';
import { createStaffAssetsRouter } from '../web/staff-assets.js';
import { renderForbiddenPage, renderLoginPage, type LoginPageState } from './login-page.js';
import { createLoginGuard } from './login-guard.js';
import { hashPassword, verifyPassword } from '../staff/password-hash.js';
import { isSameOrigin, isUnsafeMethod, safeNextPath } from './request-origin.js';
import { createStaffDirectory, type StaffDirectory, sqliteFile } from './staff-directory.js';
import { createSqliteStaffStores, type StaffStoresFactory } from './staff-stores.js';
import type { Staff, StaffRole } from '../staff/staff-user.js';

export const SESSION_COOKIE = 'staff_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export type StaffAuthDeps = {
  config: Pick<Config, 'STAFF_USERS' | 'STAFF_SESSION_HOURS' | 'DEFAULT_LOCALE'>;
  /** the SQLite file: the quick start's admin (without STAFF_USERS) and, without `stores`, the stores; none on PostgreSQL */
  database?: Database;
  translators: Translators;
  logger: Logger;
  /** sessions, throttle and known browsers on another engine (PostgreSQL, shared by instances); SQLite in `database` otherwise */
  stores?: StaffStoresFactory;
  now?: () => Date;
};

export type StaffAuth = {
  /** GET/POST /login, POST /logout, the staff stylesheet */
  router: Router;
  /**
   * Lets signed-in staff with `role` through, with `res.locals.staff` and `res.locals.csrfToken` set. Pages redirect to
   * /login, API calls get 401 JSON. POST/PUT/PATCH/DELETE also need the same origin and the session's CSRF token
   * (header x-csrf-token, or form field _csrf).
   */
  requireStaff: (role: StaffRole) => RequestHandler;
  /** the signed-in staff member of a raw request (WebSocket upgrades, a stream's keepalive), without CSRF checks */
  staffOf: (req: { headers: { cookie?: string } }) => Promise<(Staff & { csrfToken: string }) | undefined>;
  directory: StaffDirectory;
};

declare global {
  namespace Express {
    interface Locals {
      staff?: Staff;
      csrfToken?: string;
    }
  }
}

// Forms are tiny; a bigger body is not a sign-in.
const FORM_LIMIT = '16kb';

export function createStaffAuth(deps: StaffAuthDeps): StaffAuth {
  const { translators, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const directory = createStaffDirectory({ users: deps.config.STAFF_USERS, db: deps.database, logger });
  const ttlMs = deps.config.STAFF_SESSION_HOURS * 3600_000;
  const storeOptions = { sessionTtlMs: ttlMs, now };
  const { sessions, ...guarded } = deps.stores?.(storeOptions) ?? createSqliteStaffStores(sqliteFile(deps.database), storeOptions);
  const guard = createLoginGuard(guarded);
  const form = express.urlencoded({ extended: false, limit: FORM_LIMIT });
  let dummyHash: string | undefined;

  const staffOf: StaffAuth['staffOf'] = async (req) => {
    const id = readCookies(req.headers.cookie)[SESSION_COOKIE];
    const session = id ? await sessions.touch(id) : undefined;
    const user = session && directory.find(session.userName);
    if (!session || !user) return undefined;
    return { name: user.name, displayName: user.displayName, roles: [...user.roles], csrfToken: session.csrfToken };
  };

  const page = (req: Request, res: Response) => {
    const locale = pageLocale(req, res, translators.locales, deps.config.DEFAULT_LOCALE);
    return { t: translators.t(locale), locale, locales: translators.locales };
  };
  const showLogin = (req: Request, res: Response, status: number, state: LoginPageState) =>
    res
      .status(status)
      .type('html')
      .send(renderLoginPage(state, page(req, res)));
  const home = (staff: Staff) => (staff.roles.includes('agent') ? '/agent' : '/editor');

  const router = Router();
  router.use(createStaffAssetsRouter());
  router.use(['/login', '/logout'], staffPageHeaders);

  router.get('/login', async (req, res) => {
    const next = safeNextPath(req.query.next);
    const staff = await staffOf(req);
    if (staff) return res.redirect(303, next || home(staff));
    showLogin(req, res, 200, { next, problem: req.query.signedOut === '1' ? 'signedOut' : undefined });
  });

  router.post('/login', form, async (req, res) => {
    const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 64) : '';
    const password = typeof req.body?.password === 'string' ? req.body.password.slice(0, 1024) : '';
    const next = safeNextPath(req.body?.next);
    if (!isSameOrigin(req)) return res.status(403).type('text').send('Sign in from this site’s own /login page.');
    const admission = await guard.admit(req, name);
    if (!admission.ok) {
      res.set('Retry-After', String(admission.waitSeconds));
      return showLogin(req, res, 429, { next, name, problem: 'tooMany', waitSeconds: admission.waitSeconds });
    }
    const user = directory.find(name);
    // Unknown names cost as much as wrong passwords, so timing does not tell which names exist.
    dummyHash ??= user ? undefined : hashPassword('not a password');
    const ok = await verifyPassword(password, user?.passwordHash ?? (dummyHash as string)).catch(() => false);
    if (!user || !ok) {
      await admission.finish(false, undefined, res);
      logger.warn('staff sign-in failed', { knownName: Boolean(user), ip: req.ip });
      return showLogin(req, res, 401, { next, name, problem: 'wrong' });
    }
    const { id } = await sessions.create(user.name);
    res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/', maxAge: ttlMs });
    await admission.finish(true, user.name, res);
    logger.info('staff signed in', { name: user.name });
    res.redirect(303, next || home(user));
  });

  router.post('/logout', form, async (req, res) => {
    const id = readCookies(req.get('cookie'))[SESSION_COOKIE];
    const staff = await staffOf(req);
    if (!isSameOrigin(req) || (staff && !tokenMatches(req, staff.csrfToken)))
      return res.status(403).type('text').send('Sign out with the button on our own page.');
    if (id) await sessions.remove(id);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/' });
    res.redirect(303, '/login?signedOut=1');
  });

  const requireStaff =
    (role: StaffRole): RequestHandler =>
    async (req, res, next) => {
      const staff = await staffOf(req);
      const wantsPage = req.method === 'GET' && (req.get('accept') ?? '').includes('text/html');
      if (!staff) {
        if (wantsPage) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
        return res.status(401).json({ error: 'Not signed in. Sign in at /login, then send the session cookie.' });
      }
      if (!staff.roles.includes(role)) {
        if (wantsPage)
          return res
            .status(403)
            .type('html')
            .send(renderForbiddenPage({ ...page(req, res), staff }));
        return res.status(403).json({ error: `${staff.name} does not have the "${role}" role. Add it in STAFF_USERS.` });
      }
      const proceed = () => {
        const { csrfToken, ...who } = staff;
        res.locals.staff = who;
        res.locals.csrfToken = csrfToken;
        next();
      };
      if (!isUnsafeMethod(req.method)) return proceed();
      form(req, res, (error?: unknown) => {
        if (error) return next(error);
        if (!isSameOrigin(req) || !tokenMatches(req, staff.csrfToken)) {
          return res.status(403).json({ error: 'Missing or wrong CSRF token: send the page’s token in the x-csrf-token header or the _csrf field.' });
        }
        proceed();
      });
    };

  return { router, requireStaff, staffOf, directory };
}

function tokenMatches(req: Request, expected: string): boolean {
  const given = req.get(CSRF_HEADER) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
