import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../bot/storage/database.js';
import { tempDataDir } from '../support/web-server.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;
// root may write anywhere, so the read-only case runs the bot as "nobody" when the tests run as root.
const NOBODY = 65534;

describe('the data folder on disk', () => {
  it('is 0700 and its SQLite file and WAL are 0600, also when an older folder was world-readable', () => {
    const data = tempDataDir();
    try {
      const dir = join(data.dir, 'data');
      mkdirSync(dir, { mode: 0o755 });
      chmodSync(dir, 0o755);
      const db = openDatabase(dir);
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      expect(modeOf(dir)).toBe(0o700);
      expect(modeOf(join(dir, DATABASE_FILE))).toBe(0o600);
      expect(modeOf(join(dir, `${DATABASE_FILE}-wal`))).toBe(0o600);
      db.close();
    } finally {
      data.remove();
    }
  });

  it('that cannot be written stops the bot with a sentence naming DATA_DIR, not a stack', () => {
    const data = tempDataDir();
    try {
      chmodSync(data.dir, 0o755);
      const dir = join(data.dir, 'read-only');
      mkdirSync(dir, { mode: 0o555 });
      chmodSync(dir, 0o555);
      const asRoot = process.getuid?.() === 0;
      if (asRoot) chownSync(dir, 0, 0);
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
        env: { PATH: process.env.PATH, HOME: data.dir, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toMatch(/^The bot could not start: DATA_DIR ".*read-only" cannot be written \(.+\)\. .*writable folder\.$/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      data.remove();
    }
  }, 60_000);
});
