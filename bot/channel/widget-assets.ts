import { createHash } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { Config } from '../config.js';
import { renderDemoPage } from './demo-page.js';
import { buildPanel, buildWidget } from '../web/bundles.js';
import { createAsset, sendAsset, type StaticAsset } from '../web/static-asset.js';

export type WidgetConfig = Pick<
  Config,
  'CONTENT_DIR' | 'LOCALES_DIR' | 'DEFAULT_LOCALE' | 'PORTAL_BASE_URL' | 'WIDGET_DIRECT_LINE_DOMAIN' | 'WIDGET_TOKEN_URL' | 'WIDGET_SAME_TAB_ORIGINS'
>;

// Pages embed /widget.js by that name, so browsers must check back; the panel's path names its content instead.
const WIDGET_CACHE = 'public, max-age=300';
const VERSIONED_CACHE = 'public, max-age=31536000, immutable';

/** The launcher's speech bubble on Montonio blue: the tab icon of the demo page and the staff pages. */
export const FAVICON_PATH = '/favicon.svg';
const FAVICON = createAsset(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f3a93"/><path fill="#fff" d="M8 8h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H13l-5 4v-4a2 2 0 0 1-2-2V10a2 2 0 0 1 2-2z"/></svg>',
  'image/svg+xml',
  'public, max-age=86400',
);

/** The launcher and the panel (built from browser/widget/ at boot, web/bundles.ts), and the demo page at /. */
export async function createWidgetRouter(config: WidgetConfig): Promise<{ router: Router; widget: StaticAsset }> {
  const panelJs = await panelBundle();
  const widget = createAsset(await buildWidget(config, panelJs.path), 'text/javascript; charset=utf-8', WIDGET_CACHE);
  const router = Router();
  router.get('/widget.js', (req, res) => sendAsset(req, res, widget));
  router.get(panelJs.path, (req, res) => sendAsset(req, res, panelJs.asset));
  router.get(FAVICON_PATH, (req, res) => sendAsset(req, res, FAVICON));
  router.get('/', (req: Request, res: Response) => {
    res.set('Content-Type', 'text/html; charset=utf-8').send(renderDemoPage(req.query, config.DEFAULT_LOCALE));
  });
  return { router, widget };
}

let panel: Promise<{ path: string; asset: StaticAsset }> | undefined;

/** Built once per process; its path names its content, so browsers may keep it for a year. */
function panelBundle(): Promise<{ path: string; asset: StaticAsset }> {
  panel ??= buildPanel().then((code) => {
    const hash = createHash('sha256').update(code).digest('base64url').slice(0, 10);
    return { path: `/widget/panel-${hash}.js`, asset: createAsset(code, 'text/javascript; charset=utf-8', VERSIONED_CACHE) };
  });
  return panel;
}
