import type { Translator } from '../language/i18n.js';
import { html } from '../web/html.js';
import { renderStaffPage } from '../web/staff-page.js';

export type LoginPageState = { next: string; name?: string; problem?: 'wrong' | 'tooMany' | 'signedOut'; waitSeconds?: number };

export function renderLoginPage(state: LoginPageState, page: { t: Translator; locale: string; locales: string[] }): string {
  const { t } = page;
  const problem =
    state.problem === 'wrong'
      ? html`<p class="alert" role="alert">${t('console:login.wrong')}</p>`
      : state.problem === 'tooMany'
        ? html`<p class="alert" role="alert">${t('console:login.tooMany', { seconds: state.waitSeconds ?? 1 })}</p>`
        : state.problem === 'signedOut'
          ? html`<p class="notice" role="status">${t('console:login.signedOut')}</p>`
          : '';
  const body = html`<section class="login">
<h1>${t('console:login.title')}</h1>
${problem}
<form method="post" action="/login">
<input type="hidden" name="next" value="${state.next}">
<label>${t('console:login.name')}<input name="name" autocomplete="username" required autofocus value="${state.name ?? ''}"></label>
<label>${t('console:login.password')}<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${t('console:login.submit')}</button>
</form>
</section>`;
  return renderStaffPage({ ...page, title: t('console:login.title'), body, path: state.next ? `/login?next=${encodeURIComponent(state.next)}` : '/login' });
}

/** A signed-in person without the role the page needs: say so, and offer to sign out (to sign in as someone else). */
export function renderForbiddenPage(page: { t: Translator; locale: string; locales: string[]; staff: { displayName: string; csrfToken: string } }): string {
  const body = html`<section class="login"><h1>${page.t('console:common.brand')}</h1><p class="alert" role="alert">${page.t('console:common.forbidden')}</p></section>`;
  return renderStaffPage({ ...page, title: page.t('console:common.forbidden'), body, path: '/login' });
}
