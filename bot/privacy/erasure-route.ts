import { type Request, type Response, Router } from 'express';
import type { StaffAuth } from '../auth/staff-auth.js';
import type { Translators } from '../language/i18n.js';
import type { Logger } from '../logger.js';
import type { DataErasure, ErasureKind } from './data-erasure.js';
import { pageLocale } from '../web/page-locale.js';
import { staffPageHeaders } from '../web/security-headers.js';
import { ERASURE_KINDS, renderErasurePage } from './erasure-page.js';

// The page lists this many of the latest erasures.
const SHOWN_AUDIT = 20;

/** The erasure page (at /agent/erase): staff with the "privacy" role erase a conversation, or everything of a store id or e-mail address. */
export function createErasureRouter(deps: { auth: StaffAuth; erasure: DataErasure; translators: Translators; defaultLocale: string; logger: Logger }): Router {
  const router = Router();
  const page = async (req: Request, res: Response, status: number, notice?: { ok: boolean; text: string }) => {
    const locale = pageLocale(req, res, deps.translators.locales, deps.defaultLocale);
    const audit = await deps.erasure.auditLog(SHOWN_AUDIT);
    res
      .status(status)
      .type('html')
      .send(
        renderErasurePage({
          t: deps.translators.t(locale),
          locale,
          locales: deps.translators.locales,
          path: req.baseUrl,
          staff: { displayName: res.locals.staff?.displayName ?? '', csrfToken: res.locals.csrfToken ?? '' },
          notice,
          audit: audit.reverse(),
        }),
      );
  };
  // Mounted at /agent/erase (site.ts).
  router.use(staffPageHeaders, deps.auth.requireStaff('privacy'));
  router.get('/', (req, res) => page(req, res, 200));
  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const kind = ERASURE_KINDS.find((k) => k === body.kind);
    const value = typeof body.value === 'string' ? body.value.trim() : '';
    const t = deps.translators.t(pageLocale(req, res, deps.translators.locales, deps.defaultLocale));
    if (!kind || !value || body.confirm !== 'yes') return page(req, res, 422, { ok: false, text: t('privacy:erase.missing') });
    const by = res.locals.staff?.name ?? 'unknown';
    const result = await deps.erasure.erase({ kind: kind as ErasureKind, value }, by);
    deps.logger.info('personal data erased', { by, kind, ...result });
    await page(req, res, 200, { ok: true, text: t('privacy:erase.done', result) });
  });
  return router;
}
