import type { Request, Response } from 'express';
import { isHttps, readCookies } from '../web/cookies.js';
import type { LoginThrottle } from './login-throttle.js';
import { DEVICE_MS, deviceKeyOf, type TrustedDevices } from './trusted-devices.js';

export const DEVICE_COOKIE = 'staff_device';

// Checks running at once in this process: two for a name (a double click), four for an address (an office). Beyond
// that a burst of parallel guesses would all be waiting for the throttle at once.
const MAX_CHECKS_PER_KEY = { user: 2, device: 2, ip: 4 } as const;

export type Admission =
  | { ok: false; waitSeconds: number }
  /** the attempt is counted; call `finish` once the password is checked */
  | { ok: true; finish: (success: boolean, userName: string | undefined, res: Response) => Promise<void> };

/** Who may try a password now: the throttle (counted before the check), the caps on checks at once, known browsers. */
export function createLoginGuard(stores: { throttle: LoginThrottle; devices: TrustedDevices }) {
  const { throttle, devices } = stores;
  const inFlight = new Map<string, number>();
  const capOf = (key: string) => MAX_CHECKS_PER_KEY[key.slice(0, key.indexOf(':')) as keyof typeof MAX_CHECKS_PER_KEY];
  const release = (keys: string[]) => {
    for (const k of keys) {
      const left = (inFlight.get(k) ?? 1) - 1;
      if (left > 0) inFlight.set(k, left);
      else inFlight.delete(k);
    }
  };

  return {
    async admit(req: Request, name: string): Promise<Admission> {
      const device = readCookies(req.get('cookie'))[DEVICE_COOKIE];
      const trusted = device !== undefined && (await devices.isTrusted(device, name));
      const ip = `ip:${req.ip}`;
      // A known browser is slowed only by its own failures (and its address's); a guesser elsewhere cannot lock it out.
      const keys = trusted ? [deviceKeyOf(device), ip] : [`user:${name.toLowerCase()}`, ip];
      if (keys.some((k) => (inFlight.get(k) ?? 0) >= capOf(k))) return { ok: false, waitSeconds: 1 };
      for (const k of keys) inFlight.set(k, (inFlight.get(k) ?? 0) + 1);
      const waitMs = await throttle.attempt(keys).catch((error: unknown) => {
        release(keys);
        throw error;
      });
      if (waitMs > 0) {
        release(keys);
        return { ok: false, waitSeconds: Math.ceil(waitMs / 1000) };
      }
      return {
        ok: true,
        async finish(success, userName, res) {
          release(keys);
          if (!success || !userName) return;
          await throttle.succeeded(
            keys.filter((k) => k !== ip),
            [ip],
          );
          if (trusted) return;
          const id = await devices.add(userName);
          res.cookie(DEVICE_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure: isHttps(req), path: '/login', maxAge: DEVICE_MS });
        },
      };
    },
  };
}
