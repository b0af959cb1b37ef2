import type { Translator } from '../language/i18n.js';
import type { ErasureAudit, ErasureKind } from './data-erasure.js';
import { html } from '../web/html.js';
import { renderStaffPage } from '../web/staff-page.js';

export const ERASURE_KINDS: readonly ErasureKind[] = ['conversation', 'store', 'email'];

export type ErasurePageView = {
  t: Translator;
  locale: string;
  locales: string[];
  /** where the page is served, and where its form posts */
  path: string;
  staff: { displayName: string; csrfToken: string };
  notice?: { ok: boolean; text: string };
  audit: ErasureAudit[];
};

/** The erasure form and the latest audit entries (no content: who, when, what kind, the id or the address's hash). */
export function renderErasurePage(v: ErasurePageView): string {
  const { t } = v;
  const columns = ['at', 'by', 'kind', 'subject', 'conversations', 'rows'] as const;
  const body = html`<section class="panel" aria-labelledby="erase-title">
<h1 id="erase-title">${t('privacy:erase.title')}</h1>
<p>${t('privacy:erase.intro')}</p>
${v.notice ? html`<p class="notice" role="status">${v.notice.text}</p>` : ''}
<form method="post" action="${v.path}">
<input type="hidden" name="_csrf" value="${v.staff.csrfToken}">
<label>${t('privacy:erase.kind')} <select name="kind">${ERASURE_KINDS.map((k) => html`<option value="${k}">${t(`privacy:erase.kinds.${k}`)}</option>`)}</select></label>
<label>${t('privacy:erase.value')} <input name="value" required maxlength="320" autocomplete="off"></label>
<label><input type="checkbox" name="confirm" value="yes" required> ${t('privacy:erase.confirm')}</label>
<button type="submit">${t('privacy:erase.submit')}</button>
</form>
<h2>${t('privacy:erase.audit')}</h2>
${
  v.audit.length === 0
    ? html`<p class="empty">${t('privacy:erase.none')}</p>`
    : html`<table><thead><tr>${columns.map((c) => html`<th scope="col">${t(`privacy:erase.columns.${c}`)}</th>`)}</tr></thead>
<tbody>${v.audit.map((a) => html`<tr>${columns.map((c) => html`<td>${String(a[c])}</td>`)}</tr>`)}</tbody></table>`
}
</section>`;
  return renderStaffPage({ t, locale: v.locale, locales: v.locales, title: t('privacy:erase.title'), body, path: v.path, staff: v.staff });
}
