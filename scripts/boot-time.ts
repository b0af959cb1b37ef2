import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { groupCpuMs } from './proc-cpu.js';

/**
 * `npm run boot-time -- [runs] [path]`: milliseconds from spawning the server to its first 200 from `path` (default
 * /readyz), for `npm start` (TypeScript through tsx) and `npm run start:prod` (the compiled build: `npm run build`
 * first), the two alternating, each on a free port and a copy of one data folder booted once before (a restart, as in
 * a deploy; a first boot also hashes the generated admin password, about 0.2 s). Also the CPU time the server's
 * processes had used by then: on a machine shared with other work the wall time stretches, the CPU time much less.
 * The commands are the package.json scripts themselves, without npm in front (npm adds about 0.3 s to both).
 */
const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 5);
const path = process.argv[3] ?? '/readyz';
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
const modes = ['start', 'start:prod'] as const;
if (!existsSync(join(root, 'dist/main.cjs'))) throw new Error('No compiled build in dist/: run npm run build first.');

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

const booted = mkdtempSync(join(tmpdir(), 'boot-time-data-'));

/** One boot on a copy of `booted`, or on `keep` itself (which stays). */
async function bootOnce(command: string, keep?: string): Promise<{ wall: number; cpu: number }> {
  const port = await freePort();
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'boot-time-'));
  if (!keep) cpSync(booted, dataDir, { recursive: true });
  const env = {
    ...process.env,
    PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    CONTENT_WATCH: 'false',
  };
  const started = performance.now();
  const child = spawn('sh', ['-c', `exec ${command}`], { cwd: root, env, stdio: 'ignore', detached: true });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error(`${command}: no 200 from ${path} within 60 s`);
      const status = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return { wall: performance.now() - started, cpu: groupCpuMs(child.pid as number) };
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    process.kill(-(child.pid as number), 'SIGTERM');
    await exited;
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

// The one first boot: the data folder every run starts from (and a warm file cache).
const first = await bootOnce(scripts['start:prod'] as string, booted);
console.log(`first boot (fresh data folder, compiled): ${Math.round(first.wall)} ms, CPU ${first.cpu} ms`);
const times: Record<string, { wall: number; cpu: number }[]> = { start: [], 'start:prod': [] };
for (let i = 0; i < runs; i++) for (const mode of modes) times[mode]?.push(await bootOnce(scripts[mode] as string));
rmSync(booted, { recursive: true, force: true });
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms (${Math.round(sorted[0] ?? 0)}–${Math.round(sorted.at(-1) ?? 0)})`;
};
for (const mode of modes) {
  const measured = times[mode] ?? [];
  console.log(
    `npm ${mode === 'start' ? 'start' : 'run start:prod'} (${scripts[mode]}), boot to first 200 from ${path}: wall ${summary(measured.map((t) => t.wall))}, CPU ${summary(measured.map((t) => t.cpu))}, ${runs} runs`,
  );
}
