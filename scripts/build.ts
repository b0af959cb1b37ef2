import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { loadContent } from '../bot/knowledge/load-content.js';
import { recordParsedYaml } from '../bot/parsed-yaml.js';
import { BROWSER_SCRIPTS, type BrowserScript, bundleBrowserScript } from '../bot/web/bundles.js';

/**
 * `npm run build [-- OUT_DIR]` (default dist/): the server as JavaScript, which `npm run start:prod` runs
 * (`node dist/main.cjs`) with no TypeScript compiler at run time. Types are checked by `npm run typecheck`, not here.
 *
 * - `server.cjs`: bot/main.ts and everything it imports, dependencies included (but native ones), in one CommonJS
 *   file, so that booting reads one file instead of resolving and reading some 1,500, and V8's code cache can cover
 *   it (`server.cjs.cache`, below). Each of our files keeps the `import.meta.url` it has in a file-by-file build
 *   (dist/bot/…), so what the server reads beside its code is found where it was: `browser/`, and the PostgreSQL
 *   migrations beside migrate.js.
 * - `main.cjs` (scripts/server-loader.ts): runs server.cjs with the code cache.
 * - `browser-bundles/`: the widget's, panel's and console's scripts, bundled now instead of at every boot
 *   (bot/web/bundles.ts takes them from here; from the sources it bundles them at boot).
 * - `parsed-yaml.json`: content/'s YAML (front matter, language files, link map) parsed now, by the hash of each text
 *   (bot/parsed-yaml.ts): a boot takes what has not changed since from here instead of parsing it.
 * - `server.cjs.cache`: V8's code cache of one boot, made by booting the build once on a throwaway data folder. It
 *   fits only the Node version that made it: build with the Node that runs the server (another one ignores it).
 *
 * `content/` and `locales/` are read where CONTENT_DIR and LOCALES_DIR point (the working folder by default). OUT_DIR
 * must lie inside the project, where the compiled files find `node_modules/`.
 */
const root = resolve(import.meta.dirname, '..');
const out = resolve(root, process.argv[2] ?? 'dist');
if (!out.startsWith(`${root}/`)) throw new Error(`The build must go inside ${root}, where node_modules is found: ${out}`);

const started = performance.now();
rmSync(out, { recursive: true, force: true });

/** `import.meta.url` of each of our files as it would be at OUT_DIR/bot/…/file.js, from the bundle's own folder. */
const importMetaUrl: Plugin = {
  name: 'import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\/bot\/.*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const compiled = JSON.stringify(relative(root, args.path).replace(/\.ts$/, '.js'));
      return {
        contents: source.replaceAll('import.meta.url', `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${compiled})).href`),
        loader: 'ts',
      };
    });
  },
};

/**
 * eld's n-gram tables (1.6 MB of object literals, 60 languages) as JSON.parse of one string: the same objects, built
 * in a third of the time an object literal that size takes to run (V8 parses JSON faster than it runs code), and a
 * code cache a tenth the size. Checked here: the tables survive the round trip unchanged.
 */
const ngramsAsJson: Plugin = {
  name: 'ngrams-as-json',
  setup(builder) {
    builder.onLoad({ filter: /\/node_modules\/eld\/src\/ngrams\/[a-z]+\.js$/ }, async (args) => {
      const { ngramsData } = (await import(args.path)) as { ngramsData: unknown };
      const json = JSON.stringify(ngramsData);
      if (!isDeepStrictEqual(JSON.parse(json), ngramsData)) throw new Error(`${args.path}: the n-grams do not survive JSON`);
      return { contents: `export const ngramsData = JSON.parse(${JSON.stringify(json)});`, loader: 'js' };
    });
  },
};

const bundled = await build({
  entryPoints: [join(root, 'bot/main.ts')],
  outfile: join(out, 'server.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Native code, found at run time in node_modules: SQLite's binding, esbuild's binary (only loaded from the sources),
  // and pg's optional libpq binding.
  external: ['better-sqlite3', 'esbuild', 'pg-native'],
  // Dependencies that read import.meta.url get the bundle's own (none of them on a path the server takes).
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // import() becomes require(): the loader's vm.Script then needs no module loader of its own.
  supported: { 'dynamic-import': false },
  plugins: [importMetaUrl, ngramsAsJson],
  // Whitespace and syntax only (names stay, so stack traces read as the sources): a smaller file to read at boot.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  logLevel: 'warning',
});
if (bundled.errors.length > 0) process.exit(1);
await build({
  entryPoints: [join(root, 'scripts/server-loader.ts')],
  outfile: join(out, 'main.cjs'),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
cpSync(join(root, 'browser'), join(out, 'browser'), { recursive: true });
cpSync(join(root, 'bot/storage/postgres/migrations'), join(out, 'bot/storage/postgres/migrations'), { recursive: true, filter: (src) => !src.endsWith('.md') });
mkdirSync(join(out, 'browser-bundles'));
for (const name of Object.keys(BROWSER_SCRIPTS) as BrowserScript[]) writeFileSync(join(out, 'browser-bundles', `${name}.js`), await bundleBrowserScript(name));
writeFileSync(
  join(out, 'parsed-yaml.json'),
  recordParsedYaml(() => loadContent(resolve(root, process.env.CONTENT_DIR ?? 'content'))),
);
const built = performance.now();
await writeCodeCache();
console.log(
  `Built ${relative(root, out)}/ in ${Math.round(built - started)} ms, and its code cache in ${Math.round(performance.now() - built)} ms: npm run start:prod runs it.`,
);

/** One boot of the build on a throwaway data folder, SQLite, port of its own; main.cjs writes the cache once ready. */
async function writeCodeCache(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'build-code-cache-'));
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    BUILD_CODE_CACHE: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: data,
    LOG_LEVEL: 'error',
    CONTENT_WATCH: 'false',
  };
  try {
    const code = await new Promise<number | null>((done) =>
      spawn(process.execPath, [join(out, 'main.cjs')], { cwd: root, env, stdio: 'inherit' }).once('exit', done),
    );
    if (code !== 0) throw new Error(`The boot that writes the code cache exited with ${code}.`);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
