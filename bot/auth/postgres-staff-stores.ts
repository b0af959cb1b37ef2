import type pg from 'pg';
import { inTransaction, type Queryable } from '../storage/postgres/pool.js';
import { pgText } from '../storage/postgres/values.js';
import { FORGET_AFTER_MS, type LoginThrottle, liveFailures, PRUNE_EVERY_MS, type ThrottleRow, waitOf } from './login-throttle.js';
import { newSession, renewedExpiry, type SessionStore, sessionHash } from './session-store.js';
import type { Logger } from '../logger.js';
import type { StaffUser } from '../staff/staff-user.js';
import { announceBootstrapPassword, BOOTSTRAP_ADMIN, bootstrapUser, newBootstrapPassword } from './staff-directory.js';
import type { StaffStoreOptions, StaffStores } from './staff-stores.js';
import { DEVICE_MS, deviceHash, newDeviceId, type TrustedDevices } from './trusted-devices.js';

/**
 * Staff sign-in's stores in PostgreSQL (staff_sessions, staff_devices, login_throttle; migration 001), shared by
 * every instance: an agent signed in on one is signed in on all, and guesses spread over instances are counted
 * together. Times are epoch milliseconds, as the SQLite stores keep them.
 */
export function createPostgresStaffStores(pool: pg.Pool, options: StaffStoreOptions): StaffStores {
  return {
    sessions: createPostgresSessionStore(pool, options),
    throttle: createPostgresLoginThrottle(pool, options.now),
    devices: createPostgresTrustedDevices(pool, options.now),
  };
}

export function createPostgresSessionStore(db: Queryable, options: StaffStoreOptions): SessionStore {
  const now = () => options.now().getTime();
  return {
    async create(userName) {
      await db.query('DELETE FROM staff_sessions WHERE expires_at <= $1', [now()]);
      const { id, idHash, session } = newSession(userName, now() + options.sessionTtlMs);
      await db.query('INSERT INTO staff_sessions (id_hash, user_name, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
        idHash,
        pgText(session.userName),
        session.csrfToken,
        session.expiresAt,
      ]);
      return { id, session };
    },
    async touch(id) {
      const hash = sessionHash(id);
      const { rows } = await db.query<{ user_name: string; csrf_token: string; expires_at: number }>(
        'SELECT user_name, csrf_token, expires_at FROM staff_sessions WHERE id_hash = $1',
        [hash],
      );
      const row = rows[0];
      if (!row) return undefined;
      if (row.expires_at <= now()) {
        await db.query('DELETE FROM staff_sessions WHERE id_hash = $1', [hash]);
        return undefined;
      }
      const expiresAt = renewedExpiry(row.expires_at, now(), options.sessionTtlMs);
      // Two instances renewing at once both move it on: the later one wins, a few milliseconds apart. Never shortened.
      if (expiresAt !== row.expires_at) await db.query('UPDATE staff_sessions SET expires_at = GREATEST(expires_at, $2) WHERE id_hash = $1', [hash, expiresAt]);
      return { userName: row.user_name, csrfToken: row.csrf_token, expiresAt };
    },
    async remove(id) {
      await db.query('DELETE FROM staff_sessions WHERE id_hash = $1', [sessionHash(id)]);
    },
  };
}

export function createPostgresTrustedDevices(db: Queryable, clock: () => Date): TrustedDevices {
  const now = () => clock().getTime();
  return {
    async add(userName) {
      await db.query('DELETE FROM staff_devices WHERE expires_at <= $1', [now()]);
      const id = newDeviceId();
      await db.query('INSERT INTO staff_devices (id_hash, user_name, expires_at) VALUES ($1, $2, $3)', [
        deviceHash(id),
        pgText(userName.toLowerCase()),
        now() + DEVICE_MS,
      ]);
      return id;
    },
    async isTrusted(id, userName) {
      const { rows } = await db.query<{ user_name: string; expires_at: number }>('SELECT user_name, expires_at FROM staff_devices WHERE id_hash = $1', [
        deviceHash(id),
      ]);
      const row = rows[0];
      return Boolean(row && row.user_name === userName.toLowerCase() && row.expires_at > now());
    },
  };
}

/**
 * The throttle's check and count in one transaction: the keys' rows are made if missing and locked (in one order,
 * so two transactions cannot deadlock), read, and counted only when none must wait. A burst of tries on several
 * instances queues on those row locks, so each try sees the ones before it.
 */
export function createPostgresLoginThrottle(pool: pg.Pool, clock: () => Date): LoginThrottle {
  const now = () => clock().getTime();
  let prunedAt = 0;
  return {
    async attempt(given) {
      const keys = [...new Set(given.map(pgText))].sort();
      const at = now();
      const wait = await inTransaction(pool, async (client) => {
        await client.query('INSERT INTO login_throttle (key, failures, last_at) SELECT unnest($1::text[]), 0, 0 ON CONFLICT (key) DO NOTHING', [keys]);
        const { rows } = await client.query<ThrottleRow & { key: string }>(
          'SELECT key, failures, last_at FROM login_throttle WHERE key = ANY($1::text[]) ORDER BY key COLLATE "C" FOR UPDATE',
          [keys],
        );
        const byKey = new Map(rows.map((row) => [row.key, row]));
        const waits = keys.map((key) => waitOf(key, byKey.get(key), at));
        if (Math.max(0, ...waits) > 0) return Math.max(...waits);
        const failures = keys.map((key) => liveFailures(key, byKey.get(key), at) + 1);
        await client.query(
          'UPDATE login_throttle t SET failures = n.failures, last_at = $3 FROM unnest($1::text[], $2::int[]) AS n (key, failures) WHERE t.key = n.key',
          [keys, failures, at],
        );
        return 0;
      });
      // Bounded table under a spray of made-up names (and the rows made above for tries that had to wait).
      if (at - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = at;
        await pool.query('DELETE FROM login_throttle WHERE last_at < $1', [at - FORGET_AFTER_MS]);
      }
      return wait;
    },
    async succeeded(forget, uncount) {
      await pool.query('DELETE FROM login_throttle WHERE key = ANY($1::text[])', [forget.map(pgText)]);
      await pool.query('UPDATE login_throttle SET failures = GREATEST(failures - 1, 0) WHERE key = ANY($1::text[])', [uncount.map(pgText)]);
    },
  };
}

/**
 * Without STAFF_USERS: the one "admin" of the quick start, shared by every instance. The first instance to boot makes
 * the password and prints it; the others (at the same moment too) find its hash. Pass the user as STAFF_USERS.
 */
export async function postgresBootstrapAdmin(db: Queryable, logger: Logger, now: () => Date = () => new Date()): Promise<StaffUser> {
  const select = async () =>
    (await db.query<{ password_hash: string }>('SELECT password_hash FROM staff_bootstrap WHERE name = $1', [BOOTSTRAP_ADMIN])).rows[0]?.password_hash;
  const stored = await select();
  if (stored) return bootstrapUser(stored);
  const { password, passwordHash } = newBootstrapPassword();
  const { rowCount } = await db.query('INSERT INTO staff_bootstrap (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
    BOOTSTRAP_ADMIN,
    passwordHash,
    now().toISOString(),
  ]);
  if (rowCount === 1) {
    announceBootstrapPassword(logger, password);
    return bootstrapUser(passwordHash);
  }
  return bootstrapUser((await select()) as string);
}
