import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt with N=2^15, r=8: about 32 MB and 50–100 ms per check, costly to guess at, cheap enough for a sign-in.
// The parameters travel inside each hash, so they can be raised later without invalidating old hashes.
const N = 32_768;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
// Node's default scrypt memory cap (32 MB) is exactly N*r*128; allow twice that.
const MAX_MEM = 128 * N * R * 2;
const FORMAT = /^scrypt\.(\d+)\.(\d+)\.(\d+)\.([A-Za-z0-9_-]{16,})\.([A-Za-z0-9_-]{32,})$/;

/** "scrypt.N.r.p.<salt>.<key>", base64url: no "$", ":" or ";", so it sits in .env and STAFF_USERS unquoted. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAX_MEM });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('.');
}

export function isPasswordHash(text: string): boolean {
  return FORMAT.test(text);
}

/** Constant-time check; a malformed hash never matches. Runs on libuv's pool, so the event loop keeps serving chats. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const m = FORMAT.exec(hash);
  if (!m) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5] as string, 'base64url');
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), Buffer.from(m[4] as string, 'base64url'), expected.length, { N: n, r, p, maxmem: 128 * n * r * 2 }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  return timingSafeEqual(key, expected);
}
