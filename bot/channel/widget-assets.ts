import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Request, type Response, Router } from 'express';
import type { Config } from '../config.js';
import { renderDemoPage } from './demo-page.js';
import { createAsset, sendAsset, type StaticAsset } from './static-asset.js';

export type WidgetConfig = Pick<
  Config,
  'LOCALES_DIR' | 'DEFAULT_LOCALE' | 'PORTAL_BASE_URL' | 'WIDGET_DIRECT_LINE_DOMAIN' | 'WIDGET_TOKEN_URL' | 'WIDGET_SAME_TAB_ORIGINS'
>;

const WIDGET_ENTRY = fileURLToPath(new URL('../../widget/widget.ts', import.meta.url));
// Pages embed /widget.js by that name, so browsers must check back; Web Chat's path names its version instead.
const WIDGET_CACHE = 'public, max-age=300';
const VERSIONED_CACHE = 'public, max-age=31536000, immutable';

/** The launcher (built from widget/ with esbuild at boot, nothing committed), Web Chat itself, and the demo page at /. */
export async function createWidgetRouter(config: WidgetConfig): Promise<{ router: Router; widget: StaticAsset }> {
  const webchatJs = webchatBundle();
  const widget = createAsset(await buildWidget(config, webchatJs.path), 'text/javascript; charset=utf-8', WIDGET_CACHE);
  const router = Router();
  router.get('/widget.js', (req, res) => sendAsset(req, res, widget));
  router.get(webchatJs.path, (req, res) => sendAsset(req, res, webchatJs.asset));
  router.get('/', (req: Request, res: Response) => {
    res.set('Content-Type', 'text/html; charset=utf-8').send(renderDemoPage(req.query, config.DEFAULT_LOCALE));
  });
  return { router, widget };
}

export async function buildWidget(config: WidgetConfig, webchatPath: string): Promise<string> {
  const defaults = {
    domain: config.WIDGET_DIRECT_LINE_DOMAIN,
    tokenUrl: config.WIDGET_TOKEN_URL,
    sameTabOrigins: config.WIDGET_SAME_TAB_ORIGINS.length > 0 ? config.WIDGET_SAME_TAB_ORIGINS : [new URL(config.PORTAL_BASE_URL).origin],
    webchatPath,
    defaultLocale: config.DEFAULT_LOCALE,
  };
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    write: false,
    legalComments: 'none',
    define: { __WIDGET_DEFAULTS__: JSON.stringify(defaults), __WIDGET_STRINGS__: JSON.stringify(widgetStrings(resolve(config.LOCALES_DIR))) },
  });
  return result.outputFiles[0]?.text ?? '';
}

function widgetStrings(dir: string): Record<string, unknown> {
  const locales = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return Object.fromEntries(locales.map((l) => [l, JSON.parse(readFileSync(join(dir, l, 'widget.json'), 'utf8'))]));
}

let webchat: { path: string; asset: StaticAsset } | undefined;

/** botframework-webchat's `exports` hides dist/, so walk from its CommonJS entry (lib/) to the folder. Read and gzipped once per process. */
function webchatBundle(): { path: string; asset: StaticAsset } {
  if (webchat) return webchat;
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  const root = resolve(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  // The full bundle: the minimal one has no Adaptive Cards, and our answers' Partner System buttons are hero cards.
  const asset = createAsset(readFileSync(join(root, 'dist', 'webchat.js')), 'text/javascript; charset=utf-8', VERSIONED_CACHE);
  webchat = { path: `/widget/webchat-${version}.js`, asset };
  return webchat;
}
