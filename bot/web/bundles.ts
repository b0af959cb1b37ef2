import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * The script is the same for every configuration; the settings go around it as the arguments of a function whose
 * parameters are the globals it reads.
 */
export async function buildWidget(config: WidgetBuildConfig, panelPath: string): Promise<string> {
  const defaults = {
    domain: config.WIDGET_DIRECT_LINE_DOMAIN,
    tokenUrl: config.WIDGET_TOKEN_URL,
    sameTabOrigins: config.WIDGET_SAME_TAB_ORIGINS.length > 0 ? config.WIDGET_SAME_TAB_ORIGINS : [new URL(config.PORTAL_BASE_URL).origin],
    panelPath,
    defaultLocale: config.DEFAULT_LOCALE,
  };
  const settings = [defaults, widgetStrings(resolve(config.LOCALES_DIR)), webchatLocales(resolve(config.CONTENT_DIR))].map((value) => JSON.stringify(value));
  return `(function(__WIDGET_DEFAULTS__,__WIDGET_STRINGS__,__WEBCHAT_LOCALES__){${await script('widget')}})(${settings.join(',')});`;
}

/** The panel's script: the same for every configuration (strings and settings come from the launcher). */
export function buildPanel(): Promise<string> {
  return script('panel');
}

/** The agent console's script. */
export function buildConsoleScript(): Promise<string> {
  return script('console');
}

/** Every script a browser gets, by name: its entry under browser/ and what esbuild replaces in it. */
export const BROWSER_SCRIPTS = {
  widget: { entry: 'widget/widget.ts', define: {} },
  panel: { entry: 'widget/panel/panel.ts', define: { __WIDGET_STRINGS__: '{}' } },
  console: { entry: 'console/agent-console.ts', define: {} },
} satisfies Record<string, { entry: string; define: Record<string, string> }>;
export type BrowserScript = keyof typeof BROWSER_SCRIPTS;

/**
 * Where `npm run build` leaves the scripts it bundled ahead of time (scripts/build.ts), beside the compiled server.
 * From the sources (npm start, the tests) there are none, and each script is bundled at boot, in memory.
 */
const PREBUILT = new URL('../../browser-bundles/', import.meta.url);

async function script(name: BrowserScript): Promise<string> {
  try {
    return readFileSync(new URL(`${name}.js`, PREBUILT), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return bundleBrowserScript(name);
}

/** One minified file per entry (nothing built is committed); esbuild is loaded only when something is to be built. */
export async function bundleBrowserScript(name: BrowserScript): Promise<string> {
  const { build } = await import('esbuild');
  const { entry, define } = BROWSER_SCRIPTS[name];
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
