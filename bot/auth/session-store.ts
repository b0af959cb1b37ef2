import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.js';

export type StaffSession = { userName: string; csrfToken: string; expiresAt: number };

/**
 * Staff sign-ins: SQLite here for one instance, PostgreSQL (postgres-staff-stores.ts) for several, so an agent signed
 * in on one instance is signed in on all.
 */
export type SessionStore = {
  /** a new session; the returned id goes into the cookie and is stored only as a hash */
  create: (userName: string) => Promise<{ id: string; session: StaffSession }>;
  /** the live session for a cookie id, its lifetime renewed; undefined when unknown or expired */
  touch: (id: string) => Promise<StaffSession | undefined>;
  remove: (id: string) => Promise<void>;
};

type Row = { user_name: string; csrf_token: string; expires_at: number };

// Renewing on every request would write on every poll; once a minute is as good for a 12-hour lifetime.
export const RENEW_AFTER_MS = 60_000;

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
    async create(userName) {
      prune.run(now());
      const { id, idHash, session } = newSession(userName, now() + options.ttlMs);
      insert.run(idHash, session.userName, session.csrfToken, session.expiresAt);
      return { id, session };
    },
    async touch(id) {
      const row = select.get(sessionHash(id));
      if (!row) return undefined;
      if (row.expires_at <= now()) {
        remove.run(sessionHash(id));
        return undefined;
      }
      const expiresAt = renewedExpiry(row.expires_at, now(), options.ttlMs);
      if (expiresAt !== row.expires_at) renew.run(expiresAt, sessionHash(id));
      return { userName: row.user_name, csrfToken: row.csrf_token, expiresAt };
    },
    async remove(id) {
      remove.run(sessionHash(id));
    },
  };
}

/** A new session's cookie id, the hash that is stored, and the session. */
export function newSession(userName: string, expiresAt: number): { id: string; idHash: string; session: StaffSession } {
  const id = randomBytes(32).toString('base64url');
  return { id, idHash: sessionHash(id), session: { userName, csrfToken: randomBytes(24).toString('base64url'), expiresAt } };
}

/** The session's expiry after a request at `now`: moved on at most once a minute. */
export function renewedExpiry(expiresAt: number, now: number, ttlMs: number): number {
  return now + ttlMs - expiresAt > RENEW_AFTER_MS ? now + ttlMs : expiresAt;
}

// A copied database must not be a set of working sign-ins: only the hash of each cookie id is stored.
export function sessionHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
