import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import vm from 'node:vm';

/**
 * `npm run start:prod` runs this, compiled to dist/main.cjs by `npm run build` (scripts/build.ts). It runs the
 * server, bundled into one CommonJS file (dist/server.cjs), through vm.Script with V8's code cache
 * (dist/server.cjs.cache, written by the build after one boot): V8 takes the functions a boot runs from the cache
 * instead of compiling them, which is most of what loading botbuilder and the rest costs. (Node 22 offers this for
 * every module as module.enableCompileCache(); Node 20 has only vm.Script's cachedData, hence one file.) A cache made
 * by another Node version or with other V8 flags is refused by V8 and the server compiles as it would without one.
 *
 * With BUILD_CODE_CACHE=1 (the build only): boots, waits for a 200 from /readyz on HOST:PORT, writes the cache, exits.
 */
const file = join(__dirname, 'server.cjs');
const cacheFile = `${file}.cache`;
const writing = process.env.BUILD_CODE_CACHE === '1';

let cachedData: Buffer | undefined;
if (!writing) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compiled as usual
  }
}
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
  filename: file,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const server = new Module(file);
server.filename = file;
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
run(server.exports, createRequire(file), server, file, __dirname);

if (writing) void writeCacheWhenReady();

async function writeCacheWhenReady(): Promise<void> {
  const url = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}/readyz`;
  for (const started = Date.now(); Date.now() - started < 120_000; ) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      writeFileSync(cacheFile, script.createCachedData());
      process.exit(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stderr.write(`No 200 from ${url} within 2 minutes: no code cache written.\n`);
  process.exit(1);
}
