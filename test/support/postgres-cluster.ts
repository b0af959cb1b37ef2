import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFile = promisify(execFileCallback);

const POSTGRES_ROOT = '/usr/lib/postgresql';
// The port names the socket file (.s.PGSQL.5432) in the cluster's own folder; nothing listens on TCP, so two test
// runs on one machine never compete for a port.
const PORT = 5432;

export type PostgresCluster = {
  /** the temporary folder: data/, the socket and server.log */
  dir: string;
  version: string;
  /** a connection URL for a database of this cluster (over its Unix socket, as the superuser `postgres`) */
  url: (database: string) => string;
  /** milliseconds spent in initdb and in starting the server */
  timings: { initMs: number; startMs: number };
  /** fast shutdown, then the folder is deleted */
  stop: () => Promise<void>;
  /** for a process that is exiting and cannot wait: immediate shutdown (SIGQUIT), folder deleted */
  stopNow: () => void;
};

/** The newest installed PostgreSQL's bin folder (Debian's layout), or PG_BIN; undefined if none is installed. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PG_BIN) return existsSync(join(env.PG_BIN, 'initdb')) ? env.PG_BIN : undefined;
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  const version = versions.find((v) => existsSync(join(POSTGRES_ROOT, v, 'bin', 'initdb')) && existsSync(join(POSTGRES_ROOT, v, 'bin', 'pg_ctl')));
  return version && join(POSTGRES_ROOT, version, 'bin');
}

/**
 * A throwaway PostgreSQL cluster in a new temporary folder, for tests: initdb, then the server on a Unix socket in
 * that folder, trusting local connections, with durability off (fsync, synchronous_commit, full-page writes): the
 * tests kill bot processes, never this server, and a crash of the machine loses only the test run.
 * PostgreSQL refuses to run as root: as root, every program runs as the `postgres` user (Debian's package makes it).
 */
export async function startPostgresCluster(options: { bin?: string } = {}): Promise<PostgresCluster> {
  const bin = options.bin ?? findPostgresBin();
  if (!bin) throw new Error(`No PostgreSQL server is installed (no ${POSTGRES_ROOT}/*/bin/initdb). Debian: apt-get install postgresql.`);
  const asUser = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'montonio-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = [...asUser.prefix, join(bin, program), ...args] as [string, ...string[]];
    return execFile(command, rest, { timeout: 60_000 });
  };
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (asUser.uid !== undefined) chownSync(dir, asUser.uid, asUser.gid as number);
    const initStarted = performance.now();
    // --no-sync: the files need not reach the disk; C locale: the same sort order on every machine, and faster.
    await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C', '--no-instructions']);
    const initMs = performance.now() - initStarted;
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        '',
        '# throwaway test cluster (test/support/postgres-cluster.ts)',
        "listen_addresses = ''",
        `unix_socket_directories = '${dir}'`,
        `port = ${PORT}`,
        'max_connections = 200',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        "timezone = 'UTC'",
        '',
      ].join('\n'),
    );
    const startStarted = performance.now();
    try {
      await run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', 'start']);
    } catch (error) {
      throw new Error(`PostgreSQL did not start: ${(error as Error).message.trim()}\n${tail(log)}`, { cause: error });
    }
    const startMs = performance.now() - startStarted;
    const version = await serverVersion(dir);
    let stopped = false;
    return {
      dir,
      version,
      url: (database) => urlOf(dir, database),
      timings: { initMs, startMs },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
        } catch {
          killPostmaster(data);
        } finally {
          removeDir();
        }
      },
      stopNow() {
        if (stopped) return;
        stopped = true;
        killPostmaster(data, 'SIGQUIT');
        removeDir();
      },
    };
  } catch (error) {
    killPostmaster(data);
    removeDir();
    throw error;
  }
}

function urlOf(socketDir: string, database: string): string {
  return `postgresql://postgres@/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}`;
}

/** As root: run through `runuser -u postgres --`, with the folder given to that user. Otherwise as oneself. */
function runAs(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  let ids: string[];
  try {
    ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split('\n');
    ids.push(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error("PostgreSQL will not run as root, and there is no `postgres` user to run it as (Debian's postgresql package creates one).");
  }
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid: Number(ids[0]), gid: Number(ids[1]) };
}

async function serverVersion(socketDir: string): Promise<string> {
  const client = new pg.Client({ connectionString: urlOf(socketDir, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

/** The last resort when pg_ctl cannot stop it (or a start half-happened): the postmaster's pid is in its data folder. */
function killPostmaster(data: string, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // not running
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

/** Creates database `name` in the cluster at `adminUrl` (its `postgres` database); returns a function that drops it. */
export async function createDatabase(adminUrl: string, name: string): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      // FORCE: a pool a test forgot to end must not keep the database (and the cluster's shutdown) waiting.
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
