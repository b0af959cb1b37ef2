import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The production configuration the tests run (upstream servers and the listen line replaced). */
export const NGINX_SITE = 'docs/deploy/nginx.conf';
const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

export type Nginx = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** the temporary folder: nginx.conf, site.conf, error.log, access.log */
  dir: string;
  /** nginx's error log so far */
  errors: () => string;
  /** graceful stop (SIGQUIT), the folder deleted */
  stop: () => Promise<void>;
};

/** Debian's nginx (or NGINX_BIN); undefined when none is installed. */
export function findNginx(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NGINX_BIN) return existsSync(env.NGINX_BIN) ? env.NGINX_BIN : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Whether this run is CI (CI=true), where a test's nginx that cannot start fails the run instead of being skipped. */
export const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * A real nginx in the foreground (`daemon off`) in front of `upstreams` (each `http://127.0.0.1:PORT`), running
 * docs/deploy/nginx.conf on a free port of 127.0.0.1, everything it writes in a temporary folder. Resolves once it
 * accepts connections; throws with its error log if it cannot start.
 */
export async function startNginx(upstreams: string[], options: { bin?: string } = {}): Promise<Nginx> {
  const bin = options.bin ?? findNginx();
  if (!bin) throw new Error('nginx is not installed (Debian: apt-get install nginx; npm test installs it when it is missing).');
  const dir = mkdtempSync(join(tmpdir(), 'montonio-nginx-'));
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  try {
    // A port chosen free can be taken before nginx binds it: then another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      writeConfig(dir, port, upstreams);
      const child = spawn(bin, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.once('error', () => undefined);
      const started = await Promise.race([waitForPort(port), exited.then(() => false)]);
      const errors = () => `${stderr}${readIfThere(join(dir, 'error.log'))}`;
      if (started) {
        // Should the test process end without stopping it, nginx goes with it.
        const orphaned = () => child.kill('SIGKILL');
        process.once('exit', orphaned);
        const stopped = () => {
          process.off('exit', orphaned);
          return stop(child, exited, dir);
        };
        return { url: `http://127.0.0.1:${port}`, port, dir, errors, stop: stopped };
      }
      child.kill('SIGKILL');
      if (attempt >= 3 || !/Address already in use/.test(errors())) throw new Error(`nginx did not start:\n${errors()}`);
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function writeConfig(dir: string, port: number, upstreams: string[]): void {
  const site = readFileSync(NGINX_SITE, 'utf8');
  const servers = upstreams.map((u) => `    server ${new URL(u).host} max_fails=1 fail_timeout=5s;`).join('\n');
  const replaced = site.replace(/(^\s*server 127\.0\.0\.1:\d+ [^;]*;\n)+/m, `${servers}\n`).replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`);
  if (replaced === site || !replaced.includes(`listen 127.0.0.1:${port};`))
    throw new Error(`${NGINX_SITE}: its upstream servers or "listen 80;" line were not found`);
  writeFileSync(join(dir, 'site.conf'), replaced);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      // As root, nginx's workers would run as nobody and could not use the temporary folders.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`),
      `  include ${join(dir, 'site.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
}

async function stop(child: ChildProcess, exited: Promise<number | null>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGQUIT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** true once something accepts connections on the port (within 10 s) */
async function waitForPort(port: number): Promise<boolean> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const open = await fetch(`http://127.0.0.1:${port}/nginx-started`).then(
      () => true,
      () => false,
    );
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
