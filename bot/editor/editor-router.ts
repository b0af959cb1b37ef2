import { dirname, relative, resolve } from 'node:path';
import { browserFile } from '../web/bundles.js';
import { type Request, type Response, Router } from 'express';
import type { StaffAuth } from '../auth/staff-auth.js';
import { createAsset, sendAsset } from '../web/static-asset.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { LiveKnowledge } from '../knowledge/live-knowledge.js';
import { pageLocale } from '../web/page-locale.js';
import { staffPageHeaders } from '../web/security-headers.js';
import { addPhrase } from './add-phrase.js';
import { type CheckResult, checkKnowledgeSliced } from '../knowledge/content-check.js';
import { renderEditorPage } from './editor-page.js';
import { missedCsv } from './missed-csv.js';
import { buildMissedReport, MAX_MISSES } from './missed-report.js';
import { SHOWN_GROUPS } from './missed-section.js';
import { newestMisses } from './newest-misses.js';
import { createYielder } from '../yielder.js';
import { createPreviewBot } from './preview-bot.js';
import type { EditorParts } from './editor.js';
import { createTranslationReviews } from './translation-reviews.js';
import { topicStatuses, translationHash } from './translation-status.js';

export type EditorDeps = {
  parts: EditorParts;
  live: LiveKnowledge;
  requireStaff: StaffAuth['requireStaff'];
  now?: () => Date;
};

type Notice = { ok: boolean; text: string };

/** /editor for signed-in editors: try a question, the content check, guides and translations, what merchants missed. */
export function createEditorRouter(deps: EditorDeps): Router {
  const { config, knowledge, translators, records, logger } = deps.parts;
  const now = deps.now ?? (() => new Date());
  const contentDir = resolve(config.CONTENT_DIR);
  const reviews = createTranslationReviews(contentDir);
  const preview = createPreviewBot(deps.parts);
  // The matcher check reads every example; it runs once per knowledge base, not per page view.
  const checks = new WeakMap<KnowledgeBase, Promise<CheckResult>>();
  const checkOf = (kb: KnowledgeBase) => checks.get(kb) ?? (checks.set(kb, checkKnowledgeSliced(kb, createYielder())).get(kb) as Promise<CheckResult>);
  const css = createAsset(browserFile('editor/editor.css'), 'text/css; charset=utf-8', 'public, max-age=300');
  // The newest misses only, kept as turns are recorded; the report pauses between slices so chats keep flowing.
  const missed = async (kb: KnowledgeBase, limit?: number) => {
    const pause = createYielder();
    return buildMissedReport(kb, await newestMisses(records, MAX_MISSES, pause), { limit, pause });
  };

  async function page(req: Request, res: Response, status: number, notice?: Notice): Promise<void> {
    const kb = knowledge.current;
    const locale = pageLocale(req, res, translators.locales, config.DEFAULT_LOCALE);
    const t = translators.t(locale);
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    const asked = typeof req.query.qlang === 'string' ? req.query.qlang : locale;
    const tryLocale = kb.locales.includes(asked) ? asked : config.DEFAULT_LOCALE;
    const guides = new Map(
      kb.locales.map((l) => [
        l,
        [...kb.content.topics.values()].flatMap((byLocale) => {
          const g = byLocale.get(l);
          return g && g.kind === 'guide' ? [{ id: g.id, title: g.title }] : [];
        }),
      ]),
    );
    const body = renderEditorPage({
      t,
      locale,
      locales: translators.locales,
      path: pathWithoutLang(req),
      staff: { displayName: res.locals.staff?.displayName ?? '', csrfToken: res.locals.csrfToken ?? '' },
      root: dirname(contentDir),
      status: deps.live.status(),
      check: await checkOf(kb),
      tryLocale,
      preview: q ? await preview(q, tryLocale) : undefined,
      maxChars: config.MAX_MESSAGE_CHARS,
      notice: notice ?? noticeOf(req, t, kb),
      topics: {
        topics: topicStatuses(kb.content, reviews.all(), { maxReviewAgeDays: config.EDITOR_REVIEW_MAX_AGE_DAYS, now: now() }),
        maxReviewAgeDays: config.EDITOR_REVIEW_MAX_AGE_DAYS,
      },
      missed: { groups: await missed(kb, SHOWN_GROUPS), guides },
    });
    res.status(status).type('html').send(body);
  }

  const router = Router();
  // Mounted at /editor (site.ts): the page's EDITOR_CSS_PATH is /editor.css here. Public, like the staff pages' stylesheet.
  router.get('/editor.css', (req, res) => sendAsset(req, res, css));
  router.use(staffPageHeaders, deps.requireStaff('editor'));
  router.get('/', (req, res) => page(req, res, 200));

  router.get('/missed.csv', async (_req, res) => {
    const day = now().toISOString().slice(0, 10);
    res
      .set('Content-Disposition', `attachment; filename="merchants-missed-${day}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(missedCsv(await missed(knowledge.current)));
  });

  router.post('/phrases', async (req, res) => {
    const { guideId, locale, phrase } = fields(req, ['guideId', 'locale', 'phrase']);
    const result = addPhrase(knowledge.current, { ...config, CONTENT_DIR: contentDir }, { guideId, locale, phrase });
    if (!result.ok) return page(req, res, 422, { ok: false, text: result.reason });
    logger.info('editor added an example phrasing', {
      by: res.locals.staff?.name,
      guideId,
      locale,
      file: relative(contentDir, result.file),
      line: result.line,
    });
    // Load now rather than on the file watcher's schedule, so the page that follows already answers with it.
    deps.live.reload();
    res.redirect(303, `${req.baseUrl}?notice=phraseAdded&guide=${encodeURIComponent(guideId)}&line=${result.line}&in=${encodeURIComponent(locale)}#missed`);
  });

  router.post('/translations', async (req, res) => {
    const { id } = fields(req, ['id']);
    const byLocale = knowledge.current.content.topics.get(id);
    if (!byLocale) return page(req, res, 422, { ok: false, text: translators.t(config.DEFAULT_LOCALE)('editor:notice.noSuchGuide', { id }) });
    reviews.confirm(id, Object.fromEntries([...byLocale].map(([l, g]) => [l, translationHash(g)])));
    logger.info('editor confirmed translations', { by: res.locals.staff?.name, id });
    res.redirect(303, `${req.baseUrl}?notice=translationsConfirmed&guide=${encodeURIComponent(id)}#guides`);
  });

  return router;
}

function fields<K extends string>(req: Request, names: K[]): Record<K, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string) : ''])) as Record<K, string>;
}

/** The result of the form just sent, told from the redirect's query; only known guide ids are shown. */
function noticeOf(req: Request, t: ReturnType<EditorDeps['parts']['translators']['t']>, kb: KnowledgeBase): Notice | undefined {
  const guide = typeof req.query.guide === 'string' && kb.content.topics.has(req.query.guide) ? req.query.guide : undefined;
  if (!guide) return undefined;
  if (req.query.notice === 'phraseAdded') {
    const file = kb.content.topics.get(guide)?.get(String(req.query.in));
    return {
      ok: true,
      text: t('editor:notice.phraseAdded', {
        guide,
        file: file ? `${relative(resolve(kb.content.dir, '..'), file.file)}:${Number(req.query.line) || 1}` : guide,
      }),
    };
  }
  if (req.query.notice === 'translationsConfirmed') return { ok: true, text: t('editor:notice.translationsConfirmed', { guide }) };
  return undefined;
}

function pathWithoutLang(req: Request): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}
