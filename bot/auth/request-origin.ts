import type { Request } from 'express';

/**
 * A state-changing request must come from our own pages. Browsers send Origin on every POST and Sec-Fetch-Site on all
 * modern versions; a request without either is not from a browser, so it carries no victim's cookie to abuse.
 */
export function isSameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === (req.get('x-forwarded-host') ?? req.get('host'));
  } catch {
    return false;
  }
}

export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

/** Only a path on this site: no "//evil.example", no "/\\evil.example", no scheme. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '';
  return /[\p{Cc}\\]/u.test(next) ? '' : next;
}
