import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.js';

export type StaffSession = { userName: string; csrfToken: string; expiresAt: number };

/** Staff sign-ins. Behind this interface so a shared store (Redis, PostgreSQL) can replace SQLite for several instances. */
export type SessionStore = {
  /** a new session; the returned id goes into the cookie and is stored only as a hash */
  create: (userName: string) => { id: string; session: StaffSession };
  /** the live session for a cookie id, its lifetime renewed; undefined when unknown or expired */
  touch: (id: string) => StaffSession | undefined;
  remove: (id: string) => void;
};

type Row = { user_name: string; csrf_token: string; expires_at: number };

// Renewing on every request would write on every poll; once a minute is as good for a 12-hour lifetime.
const RENEW_AFTER_MS = 60_000;

export function createSqliteSessionStore(db: Database, options: { ttlMs: number; now?: () => Date }): SessionStore {
  const now = () => (options.now?.() ?? new Date()).getTime();
  db.exec(`CREATE TABLE IF NOT EXISTS staff_sessions (
    id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, csrf_token TEXT NOT NULL, expires_at INTEGER NOT NULL
  ) WITHOUT ROWID`);
  const insert = db.prepare('INSERT INTO staff_sessions (id_hash, user_name, csrf_token, expires_at) VALUES (?, ?, ?, ?)');
  const select = db.prepare<[string], Row>('SELECT user_name, csrf_token, expires_at FROM staff_sessions WHERE id_hash = ?');
  const renew = db.prepare('UPDATE staff_sessions SET expires_at = ? WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM staff_sessions WHERE id_hash = ?');
  const prune = db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?');

  return {
    create(userName) {
      prune.run(now());
      const id = randomBytes(32).toString('base64url');
      const session = { userName, csrfToken: randomBytes(24).toString('base64url'), expiresAt: now() + options.ttlMs };
      insert.run(hashOf(id), session.userName, session.csrfToken, session.expiresAt);
      return { id, session };
    },
    touch(id) {
      const row = select.get(hashOf(id));
      if (!row) return undefined;
      if (row.expires_at <= now()) {
        remove.run(hashOf(id));
        return undefined;
      }
      let expiresAt = row.expires_at;
      if (now() + options.ttlMs - expiresAt > RENEW_AFTER_MS) {
        expiresAt = now() + options.ttlMs;
        renew.run(expiresAt, hashOf(id));
      }
      return { userName: row.user_name, csrfToken: row.csrf_token, expiresAt };
    },
    remove: (id) => void remove.run(hashOf(id)),
  };
}

// A copied database file must not be a set of working sign-ins: only the hash of each cookie id is stored.
function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
