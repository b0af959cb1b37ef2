import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Database } from '../storage/database.js';
import { hashPassword } from '../staff/password-hash.js';
import type { StaffUser } from '../staff/staff-user.js';

export type StaffDirectory = { find: (name: string) => StaffUser | undefined; all: () => StaffUser[] };

export const BOOTSTRAP_ADMIN = 'admin';

/**
 * The staff from STAFF_USERS. With none configured, one "admin" (agent+editor) whose random password is made on first
 * boot, printed to the log that once, and kept only as a hash in the database: the quick start needs no configuration
 * and has no well-known password.
 */
export function createStaffDirectory(deps: { users: StaffUser[]; db?: Database; logger: Logger }): StaffDirectory {
  const users = deps.users.length > 0 ? deps.users : [bootstrapAdmin(sqliteFile(deps.db), deps.logger)];
  const byName = new Map(users.map((u) => [u.name.toLowerCase(), u]));
  return { find: (name) => byName.get(name.trim().toLowerCase()), all: () => [...users] };
}

function bootstrapAdmin(db: Database, logger: Logger): StaffUser {
  db.exec('CREATE TABLE IF NOT EXISTS staff_bootstrap (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at TEXT NOT NULL)');
  const stored = db.prepare<[string], { password_hash: string }>('SELECT password_hash FROM staff_bootstrap WHERE name = ?').get(BOOTSTRAP_ADMIN);
  if (stored) return bootstrapUser(stored.password_hash);
  const { password, passwordHash } = newBootstrapPassword();
  db.prepare('INSERT INTO staff_bootstrap (name, password_hash, created_at) VALUES (?, ?, ?)').run(BOOTSTRAP_ADMIN, passwordHash, new Date().toISOString());
  announceBootstrapPassword(logger, password);
  return bootstrapUser(passwordHash);
}

/** The SQLite file a part needs when it keeps its rows there (PostgreSQL's are made in postgres-engine.ts). */
export function sqliteFile(db: Database | undefined): Database {
  if (!db) throw new Error('staff sign-in: no SQLite file to keep the quick start admin or the sessions in, and no PostgreSQL stores given');
  return db;
}

export const bootstrapUser = (passwordHash: string): StaffUser => ({
  name: BOOTSTRAP_ADMIN,
  displayName: 'Admin',
  roles: ['agent', 'editor', 'privacy'],
  passwordHash,
});

export function newBootstrapPassword(): { password: string; passwordHash: string } {
  // 18 random bytes: 24 characters, 144 bits; nobody guesses it, and it is printed only once.
  const password = randomBytes(18).toString('base64url');
  return { password, passwordHash: hashPassword(password) };
}

export function announceBootstrapPassword(logger: Logger, password: string): void {
  logger.warn('staff sign-in created: no STAFF_USERS configured, so /agent and /editor have one user. Note the password now, it is not shown again', {
    name: BOOTSTRAP_ADMIN,
    password,
    howToChange: 'set STAFF_USERS (see .env.example, npm run staff:hash)',
  });
}
