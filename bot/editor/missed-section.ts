import type { Translator } from '../language/i18n.js';
import { html, type SafeHtml } from '../web/html.js';
import { MISS_KINDS } from '../storage/misses.js';
import type { MissedGroup } from './missed-report.js';
import type { Route } from '../knowledge/phrase-route.js';

export type MissedView = {
  groups: MissedGroup[];
  /** guides per language, for choosing where a question becomes an example */
  guides: Map<string, { id: string; title: string }[]>;
  csrfToken: string;
};

// The page shows the newest groups; the CSV has them all.
export const SHOWN_GROUPS = 50;

/** "What merchants missed": grouped questions, what the bot does with them now, and a one-click new example phrasing. */
export function renderMissedSection(t: Translator, v: MissedView): SafeHtml {
  return html`<section class="panel" id="missed" aria-labelledby="missed-heading">
<h2 id="missed-heading">${t('editor:missed.heading')}</h2>
<p class="notice">${t('editor:missed.intro')} <a href="/editor/missed.csv" download>${t('editor:missed.csv')}</a></p>
${
  v.groups.length === 0
    ? html`<p class="empty">${t('editor:missed.none')}</p>`
    : html`<table class="missed">
<thead><tr><th scope="col">${t('editor:missed.lastSeen')}</th><th scope="col">${t('editor:missed.question')}</th><th scope="col" class="num">${t('editor:missed.count')}</th><th scope="col">${t('editor:missed.now')}</th><th scope="col">${t('editor:missed.addAsExample')}</th></tr></thead>
<tbody>${v.groups.slice(0, SHOWN_GROUPS).map((g) => row(t, v, g))}</tbody></table>`
}
</section>`;
}

function row(t: Translator, v: MissedView, g: MissedGroup): SafeHtml {
  const kinds = MISS_KINDS.filter((k) => g.kinds[k] > 0);
  const guides = v.guides.get(g.locale) ?? [];
  return html`<tr>
<td><time datetime="${g.lastAt}">${g.lastAt.slice(0, 10)}</time>${g.firstAt.slice(0, 10) !== g.lastAt.slice(0, 10) ? html`<br><small>${t('editor:missed.since', { date: g.firstAt.slice(0, 10) })}</small>` : ''}</td>
<td><span class="tag">${g.locale.toUpperCase()}</span> <q lang="${g.locale}">${g.question || t('editor:missed.noQuestion')}</q>
${g.examples.length > 1 ? html`<ul class="wordings">${g.examples.slice(1).map((e) => html`<li lang="${g.locale}">${e}</li>`)}</ul>` : ''}
${g.unhelpful.length > 0 ? html`<br><small>${t('editor:missed.unhelpful', { ids: g.unhelpful.join(', ') })}</small>` : ''}</td>
<td class="num">${g.count}<br><small>${kinds.map((k, i) => html`${i > 0 ? ', ' : ''}<span class="kind">${t(`editor:missed.kinds.${k}`, { count: g.kinds[k] })}</span>`)}</small></td>
<td>${routeText(t, g.now)}</td>
<td>${g.question ? addForm(t, v, g, guides) : ''}</td>
</tr>`;
}

function addForm(t: Translator, v: MissedView, g: MissedGroup, guides: { id: string; title: string }[]): SafeHtml {
  const chosen = g.suggestion?.guideId;
  return html`<form method="post" action="/editor/phrases" class="add-phrase">
<input type="hidden" name="_csrf" value="${v.csrfToken}"><input type="hidden" name="locale" value="${g.locale}"><input type="hidden" name="phrase" value="${g.question}">
<label>${t('editor:missed.guide')} <select name="guideId" required><option value="">${t('editor:missed.choose')}</option>${guides.map((x) => html`<option value="${x.id}"${x.id === chosen ? html` selected` : ''}>${x.title}</option>`)}</select></label>
<button type="submit" class="secondary">${t('editor:missed.add')}</button>
</form>
${g.suggestion ? html`<label class="line">${t('editor:missed.line', { file: g.suggestion.file })}<input readonly value="${g.suggestion.frontMatterLine}"></label>` : ''}`;
}

function routeText(t: Translator, r: Route): string {
  switch (r.kind) {
    case 'guide':
      return t('editor:route.guide', { id: r.id });
    case 'clarify':
      return t('editor:route.clarify', { ids: r.ids.join(', ') });
    case 'declined':
      return r.id ? t('editor:route.declined', { id: r.id }) : t('editor:route.fallback');
    case 'handoff':
      return t('editor:route.handoff');
    case 'other':
      return t('editor:route.other');
  }
}
