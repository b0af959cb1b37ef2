import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { loadLanguagePacks } from '../language/language-pack.js';

/** Everything a browser gets from us: the scripts' sources, the stylesheets and the demo page's template. */
const BROWSER = new URL('../../browser/', import.meta.url);

/** The settings the launcher is built with (a Config has them all). */
export type WidgetBuildConfig = {
  CONTENT_DIR: string;
  LOCALES_DIR: string;
  DEFAULT_LOCALE: string;
  PORTAL_BASE_URL: string;
  WIDGET_DIRECT_LINE_DOMAIN: string;
  WIDGET_TOKEN_URL: string;
  WIDGET_SAME_TAB_ORIGINS: string[];
};

/** A file under browser/ served as it is (a stylesheet, the demo page's template). */
export function browserFile(path: string): Buffer {
  return readFileSync(new URL(path, BROWSER));
}

/**
 * The launcher (/widget.js): this server's widget settings and, for every language, its widget strings
 * (locales/<lng>/widget.json) and the locale its messages carry (`webchatLocale` in content/languages/<lng>.yaml).
 */
export async function buildWidget(config: WidgetBuildConfig, panelPath: string): Promise<string> {
  const defaults = {
    domain: config.WIDGET_DIRECT_LINE_DOMAIN,
    tokenUrl: config.WIDGET_TOKEN_URL,
    sameTabOrigins: config.WIDGET_SAME_TAB_ORIGINS.length > 0 ? config.WIDGET_SAME_TAB_ORIGINS : [new URL(config.PORTAL_BASE_URL).origin],
    panelPath,
    defaultLocale: config.DEFAULT_LOCALE,
  };
  return bundle('widget/widget.ts', {
    __WIDGET_DEFAULTS__: JSON.stringify(defaults),
    __WIDGET_STRINGS__: JSON.stringify(widgetStrings(resolve(config.LOCALES_DIR))),
    __WEBCHAT_LOCALES__: JSON.stringify(webchatLocales(resolve(config.CONTENT_DIR))),
  });
}

/** The panel's script: the same for every configuration (strings and settings come from the launcher). */
export function buildPanel(): Promise<string> {
  return bundle('widget/panel/panel.ts', { __WIDGET_STRINGS__: '{}' });
}

/** The agent console's script. */
export function buildConsoleScript(): Promise<string> {
  return bundle('console/agent-console.ts');
}

/** Every script is built alike, at boot and in memory (nothing built is committed): one minified file per entry. */
async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, BROWSER))],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    write: false,
    legalComments: 'none',
    define,
  });
  return result.outputFiles[0]?.text ?? '';
}

function widgetStrings(dir: string): Record<string, unknown> {
  const locales = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  return Object.fromEntries(locales.map((l) => [l, JSON.parse(readFileSync(join(dir, l, 'widget.json'), 'utf8'))]));
}

/** et → et-EE: what the bot's replies carry, so the merchant's messages carry it too. */
function webchatLocales(contentDir: string): Record<string, string> {
  return Object.fromEntries([...loadLanguagePacks(join(contentDir, 'languages'))].map(([code, pack]) => [code, pack.webchatLocale]));
}
