import { relative } from 'node:path';
import type { Translator } from '../language/i18n.js';
import { html, type SafeHtml } from '../web/html.js';
import type { TopicStatus, TranslationState } from './translation-status.js';

export type TopicsView = { topics: TopicStatus[]; locales: string[]; maxReviewAgeDays: number; csrfToken: string; root: string };

/** Every guide with its translation status and review dates; then the guides due for a review. */
export function renderTopicsSection(t: Translator, v: TopicsView): SafeHtml {
  const guides = v.topics.filter((s) => s.kind === 'guide');
  const declines = v.topics.filter((s) => s.kind === 'decline');
  const due = v.topics.filter((s) => s.staleSince).sort((a, b) => (a.staleSince ?? '').localeCompare(b.staleSince ?? ''));
  return html`<section class="panel" id="guides" aria-labelledby="guides-heading">
<h2 id="guides-heading">${t('editor:guides.heading')}</h2>
${table(t, v, guides, t('editor:guides.guides'))}
${declines.length > 0 ? table(t, v, declines, t('editor:guides.declines')) : ''}
<h3 id="due">${t('editor:guides.dueHeading', { days: v.maxReviewAgeDays })}</h3>
${
  due.length === 0
    ? html`<p class="empty">${t('editor:guides.noneDue')}</p>`
    : html`<ul class="due">${due.map((s) => html`<li><strong>${s.id}</strong> ${t('editor:guides.reviewedOn', { date: s.staleSince })}</li>`)}</ul>`
}
</section>`;
}

function table(t: Translator, v: TopicsView, topics: TopicStatus[], caption: string): SafeHtml {
  return html`<table class="topics"><caption>${caption}</caption>
<thead><tr><th scope="col">${t('editor:guides.topic')}</th>${v.locales.map((l) => html`<th scope="col">${l.toUpperCase()}</th>`)}<th scope="col">${t('editor:guides.translation')}</th></tr></thead>
<tbody>${topics.map((s) => row(t, v, s))}</tbody></table>`;
}

function row(t: Translator, v: TopicsView, s: TopicStatus): SafeHtml {
  const state = s.translation;
  const attention = state.state !== 'current' || s.staleSince;
  return html`<tr data-topic="${s.id}"${attention ? html` class="attention"` : ''}>
<th scope="row">${s.id}</th>
${v.locales.map((l) => {
  const version = s.versions.find((x) => x.locale === l);
  if (!version) return html`<td class="missing">${t('editor:guides.missing')}</td>`;
  return html`<td><span class="title">${version.title}</span><br><small>${relative(v.root, version.file)} · ${t('editor:guides.reviewed', { date: version.reviewed })}</small></td>`;
})}
<td>${statusText(t, state)}${s.staleSince ? html`<br><span class="tag warn">${t('editor:guides.stale', { days: v.maxReviewAgeDays })}</span>` : ''}
${
  state.state === 'missing' || (state.state === 'current' && state.confirmed)
    ? ''
    : html`<form method="post" action="/editor/translations" class="inline"><input type="hidden" name="_csrf" value="${v.csrfToken}"><input type="hidden" name="id" value="${s.id}"><button type="submit" class="secondary">${t('editor:guides.confirm')}</button></form>`
}</td>
</tr>`;
}

function statusText(t: Translator, state: TranslationState): SafeHtml {
  switch (state.state) {
    case 'missing':
      return html`<span class="tag warn">${t('editor:guides.missingLanguages', { locales: state.locales.join(', ') })}</span>`;
    case 'current':
      return html`<span class="tag ok">${t(state.confirmed ? 'editor:guides.current' : 'editor:guides.sameReviewDate')}</span>`;
    case 'needsReview':
      return html`<span class="tag warn">${t('editor:guides.needsReview')}</span> <small>${t(state.confirmed ? 'editor:guides.changedSince' : 'editor:guides.reviewedLater', { locales: state.changed.map((l) => l.toUpperCase()).join(', ') })}</small>`;
  }
}
