import type { Request } from 'express';

/** The request's cookies; no cookie-parser dependency for two cookies. Later duplicates do not override the first. */
export function readCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // a malformed value is no value
    }
  }
  return cookies;
}

/** https directly or behind a TLS proxy: cookies then get `Secure`. */
export function isHttps(req: Request): boolean {
  return req.secure || (req.get('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https';
}
