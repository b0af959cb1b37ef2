import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.js';

/**
 * Browsers a staff member signed in from before (a long-lived, httpOnly device cookie). Their tries are throttled on
 * their own, so someone guessing at a name from elsewhere cannot lock its owner out of their usual browser.
 */
export type TrustedDevices = {
  /** a new device id for the cookie; stored only as a hash */
  add: (userName: string) => Promise<string>;
  /** whether the cookie's id belongs to this user and has not expired */
  isTrusted: (id: string, userName: string) => Promise<boolean>;
};

export const DEVICE_DAYS = 90;
export const DEVICE_MS = DEVICE_DAYS * 24 * 3600_000;

export function createTrustedDevices(db: Database, clock: () => Date = () => new Date()): TrustedDevices {
  const now = () => clock().getTime();
  db.exec('CREATE TABLE IF NOT EXISTS staff_devices (id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO staff_devices (id_hash, user_name, expires_at) VALUES (?, ?, ?)');
  const select = db.prepare<[string], { user_name: string; expires_at: number }>('SELECT user_name, expires_at FROM staff_devices WHERE id_hash = ?');
  const prune = db.prepare('DELETE FROM staff_devices WHERE expires_at <= ?');
  return {
    async add(userName) {
      db.joinTick();
      prune.run(now());
      const id = newDeviceId();
      insert.run(deviceHash(id), userName.toLowerCase(), now() + DEVICE_MS);
      return id;
    },
    async isTrusted(id, userName) {
      const row = select.get(deviceHash(id));
      return Boolean(row && row.user_name === userName.toLowerCase() && row.expires_at > now());
    },
  };
}

export const newDeviceId = () => randomBytes(24).toString('base64url');

export const deviceKeyOf = (id: string) => `device:${deviceHash(id).slice(0, 32)}`;

export function deviceHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
