import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { BROWSER_SCRIPTS, type BrowserScript, bundleBrowserScript } from '../bot/web/bundles.js';

/**
 * `npm run build [-- OUT_DIR]` (default dist/): the server as JavaScript, which `npm run start:prod` runs
 * (`node dist/bot/main.js`) with no TypeScript compiler at run time. Each file of bot/ is compiled on its own, as
 * tsconfig's isolatedModules allows (types are checked by `npm run typecheck`, not here), so the build takes about a
 * second. Beside the compiled files goes what the server reads from its own location at run time: `browser/` (its
 * stylesheets and the demo page are served from it), the widget's, panel's and console's scripts bundled now rather
 * than at every boot (`browser-bundles/`, which bot/web/bundles.ts takes; from the sources it bundles them at boot),
 * and the PostgreSQL migrations beside migrate.js. `content/` and `locales/` are read where
 * CONTENT_DIR and LOCALES_DIR point (the working folder by default). OUT_DIR must lie inside the project, where the
 * compiled files find `node_modules/`.
 */
const root = resolve(import.meta.dirname, '..');
const out = resolve(root, process.argv[2] ?? 'dist');
if (!out.startsWith(`${root}/`)) throw new Error(`The build must go inside ${root}, where node_modules is found: ${out}`);

const started = performance.now();
const sources = readdirSync(join(root, 'bot'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => join(root, 'bot', file));
rmSync(out, { recursive: true, force: true });
await build({ entryPoints: sources, outbase: root, outdir: out, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' });
cpSync(join(root, 'browser'), join(out, 'browser'), { recursive: true });
cpSync(join(root, 'bot/storage/postgres/migrations'), join(out, 'bot/storage/postgres/migrations'), { recursive: true, filter: (src) => !src.endsWith('.md') });
mkdirSync(join(out, 'browser-bundles'));
for (const name of Object.keys(BROWSER_SCRIPTS) as BrowserScript[]) writeFileSync(join(out, 'browser-bundles', `${name}.js`), await bundleBrowserScript(name));
console.log(`Built ${relative(root, out)}/ (${sources.length} files) in ${Math.round(performance.now() - started)} ms: npm run start:prod runs it.`);
