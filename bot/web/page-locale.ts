import type { Request, Response } from 'express';
import { languageOf } from '../language/locale.js';
import { readCookies } from './cookies.js';

export const LOCALE_COOKIE = 'staff_lang';
const YEAR_MS = 365 * 24 * 3600_000;

/**
 * The language of a staff page: `?lang=` (remembered in a cookie), else the cookie, else the browser's first
 * supported language, else the default.
 */
export function pageLocale(req: Request, res: Response, locales: string[], defaultLocale: string): string {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked && locales.includes(asked)) {
    res.cookie(LOCALE_COOKIE, asked, { httpOnly: true, sameSite: 'strict', maxAge: YEAR_MS, path: '/' });
    return asked;
  }
  const remembered = readCookies(req.get('cookie'))[LOCALE_COOKIE];
  if (remembered && locales.includes(remembered)) return remembered;
  const browser = (req.acceptsLanguages() ?? []).map(languageOf).find((l) => l !== undefined && locales.includes(l));
  return browser ?? defaultLocale;
}
