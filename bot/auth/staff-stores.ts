import type { Database } from '../storage/database.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import { createSqliteSessionStore, type SessionStore } from './session-store.js';
import { createTrustedDevices, type TrustedDevices } from './trusted-devices.js';

/** What staff sign-in keeps, on one engine: sessions, the login throttle, known browsers. */
export type StaffStores = { sessions: SessionStore; throttle: LoginThrottle; devices: TrustedDevices };

export type StaffStoreOptions = { sessionTtlMs: number; now: () => Date };

/** Builds the stores once sign-in knows its settings: SQLite's below, PostgreSQL's in postgres-staff-stores.ts. */
export type StaffStoresFactory = (options: StaffStoreOptions) => StaffStores;

/** Staff sign-in's stores in the bot's SQLite file (one instance owns it). */
export function createSqliteStaffStores(db: Database, options: StaffStoreOptions): StaffStores {
  return {
    sessions: createSqliteSessionStore(db, { ttlMs: options.sessionTtlMs, now: options.now }),
    throttle: createLoginThrottle(db, options.now),
    devices: createTrustedDevices(db, options.now),
  };
}
