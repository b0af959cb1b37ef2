import type { Staff } from '../staff/staff-user.js';
import type { Translators } from '../language/i18n.js';
import { html, jsonForScript } from '../web/html.js';
import { renderStaffPage } from '../web/staff-page.js';

/** the console's script, beside the page */
export const CONSOLE_SCRIPT = 'console.js';

/** The console's frame at `path`; the script fills the queue and the chat from the API and keeps them live. */
export function renderDeskPage(o: { translators: Translators; locale: string; staff: Staff; csrfToken: string; path: string }): string {
  const t = o.translators.t(o.locale);
  const data = { locale: o.locale, csrfToken: o.csrfToken, me: o.staff, strings: t('console:agent', { returnObjects: true }) };
  const body = html`<div class="console">
<section class="panel" aria-labelledby="queue-title">
<h2 id="queue-title">${t('console:agent.queue')}</h2>
<ul id="queue" class="queue" aria-live="polite"><li class="empty">${t('console:agent.loading')}</li></ul>
<h2>${t('console:agent.offline')}</h2>
<ul id="offline" class="queue"></ul>
<div id="mail-problems" hidden>
<h2 class="alert">${t('console:agent.mailProblems')}</h2>
<ul id="mail-problem-list" class="queue" role="alert"></ul>
</div>
<h2 id="history-title">${t('console:agent.historyTitle')}</h2>
<form id="history-form" class="history-form" role="search" aria-labelledby="history-title">
<label>${t('console:agent.historyStore')}<input name="store" maxlength="100"></label>
<label>${t('console:agent.historyEmail')}<input name="email" maxlength="254"></label>
<label class="wide">${t('console:agent.historyText')}<input name="q" type="search" maxlength="200"></label>
<label>${t('console:agent.historyFrom')}<input name="from" type="date"></label>
<label>${t('console:agent.historyTo')}<input name="to" type="date"></label>
<button type="submit">${t('console:agent.historySearch')}</button>
</form>
<ul id="history" class="queue" aria-live="polite"></ul>
<button type="button" id="history-more" class="secondary" hidden>${t('console:agent.historyMore')}</button>
</section>
<section class="panel" id="case" aria-live="polite"><p class="empty">${t('console:agent.pick')}</p></section>
</div>
<p id="connection" class="notice" role="status"></p>
<p class="notice shortcuts">${t('console:agent.shortcuts')}</p>
<script type="application/json" id="console-data">${jsonForScript(data)}</script>`;
  return renderStaffPage({
    t,
    locale: o.locale,
    locales: o.translators.locales,
    title: t('console:agent.title'),
    body,
    path: o.path,
    scripts: [`${o.path}/${CONSOLE_SCRIPT}`],
    staff: { displayName: o.staff.displayName, csrfToken: o.csrfToken },
  });
}
