import type { Request, Response } from 'express';
import type { Database } from '../storage/database.js';
import { isHttps, readCookies } from '../web/cookies.js';
import { createLoginThrottle } from './login-throttle.js';
import { createTrustedDevices, DEVICE_DAYS, deviceKeyOf } from './trusted-devices.js';

export const DEVICE_COOKIE = 'staff_device';

// Checks running at once: two for a name (a double click), four for an address (an office). Beyond that a burst of
// parallel guesses would all be checked before the first failure counted.
const MAX_CHECKS_PER_KEY = { user: 2, device: 2, ip: 4 } as const;

export type Admission =
  | { ok: false; waitSeconds: number }
  /** the attempt is counted; call `finish` once the password is checked */
  | { ok: true; finish: (success: boolean, userName: string | undefined, res: Response) => void };

/** Who may try a password now: the throttle (counted before the check), the caps on checks at once, known browsers. */
export function createLoginGuard(db: Database, now: () => Date) {
  const throttle = createLoginThrottle(db, now);
  const devices = createTrustedDevices(db, now);
  const inFlight = new Map<string, number>();
  const capOf = (key: string) => MAX_CHECKS_PER_KEY[key.slice(0, key.indexOf(':')) as keyof typeof MAX_CHECKS_PER_KEY];

  return {
    admit(req: Request, name: string): Admission {
      const device = readCookies(req.get('cookie'))[DEVICE_COOKIE];
      const trusted = device !== undefined && devices.isTrusted(device, name);
      const ip = `ip:${req.ip}`;
      // A known browser is slowed only by its own failures (and its address's); a guesser elsewhere cannot lock it out.
      const keys = trusted ? [deviceKeyOf(device), ip] : [`user:${name.toLowerCase()}`, ip];
      const waitMs = throttle.waitMs(keys);
      if (waitMs > 0) return { ok: false, waitSeconds: Math.ceil(waitMs / 1000) };
      if (keys.some((k) => (inFlight.get(k) ?? 0) >= capOf(k))) return { ok: false, waitSeconds: 1 };
      throttle.attempt(keys);
      for (const k of keys) inFlight.set(k, (inFlight.get(k) ?? 0) + 1);
      return {
        ok: true,
        finish(success, userName, res) {
          for (const k of keys) {
            const left = (inFlight.get(k) ?? 1) - 1;
            if (left > 0) inFlight.set(k, left);
            else inFlight.delete(k);
          }
          if (!success || !userName) return;
          throttle.succeeded(keys.filter((k) => k !== ip), [ip]);
          if (trusted) return;
          const id = devices.add(userName);
          res.cookie(DEVICE_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/login', maxAge: DEVICE_DAYS * 24 * 3600_000 });
        },
      };
    },
  };
}
