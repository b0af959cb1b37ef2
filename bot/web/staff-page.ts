import type { Translator } from '../language/i18n.js';
import { html, type SafeHtml } from './html.js';

export const STAFF_CSS_PATH = '/staff/staff.css';

export type StaffPageOptions = {
  locale: string;
  locales: string[];
  title: string;
  body: SafeHtml;
  t: Translator;
  /** the current path and query without `lang`, for the language links */
  path: string;
  /** scripts served from this origin (the CSP allows no inline script) */
  scripts?: string[];
  /** signed-in user's name and the CSRF token for the sign-out form */
  staff?: { displayName: string; csrfToken: string };
};

/** The frame of every staff page: language switch, who is signed in, sign-out. */
export function renderStaffPage(o: StaffPageOptions): string {
  const separator = o.path.includes('?') ? '&' : '?';
  const languages = o.locales.map((l) =>
    l === o.locale ? html`<strong lang="${l}">${l.toUpperCase()}</strong>` : html`<a lang="${l}" href="${o.path}${separator}lang=${l}">${l.toUpperCase()}</a>`,
  );
  const signOut = o.staff
    ? html`<span class="who">${o.staff.displayName}</span>
      <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${o.staff.csrfToken}"><button type="submit">${o.t('console:common.signOut')}</button></form>`
    : '';
  return `<!doctype html>${html`<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${STAFF_CSS_PATH}">
${(o.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body>
<header class="top"><span class="brand">${o.t('console:common.brand')}</span><nav class="languages" aria-label="${o.t('console:common.language')}">${languages}</nav>${signOut}</header>
<main>${o.body}</main>
</body>
</html>`}`;
}
