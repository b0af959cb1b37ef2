import { relative } from 'node:path';
import type { Translator } from '../language/i18n.js';
import type { ReloadStatus } from '../knowledge/live-knowledge.js';
import { html, type SafeHtml } from '../web/html.js';
import { renderStaffPage } from '../web/staff-page.js';
import type { CheckResult } from '../knowledge/content-check.js';
import { renderMissedSection, type MissedView } from './missed-section.js';
import type { Preview } from './preview-bot.js';
import { renderTopicsSection, type TopicsView } from './topics-section.js';
import { renderTrySection } from './try-section.js';

export const EDITOR_CSS_PATH = '/editor/editor.css';

export type EditorPageView = {
  t: Translator;
  locale: string;
  locales: string[];
  path: string;
  staff: { displayName: string; csrfToken: string };
  /** folder the content paths are shown relative to (content/'s parent) */
  root: string;
  status: ReloadStatus;
  check: CheckResult;
  tryLocale: string;
  preview?: Preview;
  maxChars: number;
  notice?: { ok: boolean; text: string };
  topics: Omit<TopicsView, 'csrfToken' | 'root' | 'locales'>;
  missed: Omit<MissedView, 'csrfToken'>;
};

export function renderEditorPage(v: EditorPageView): string {
  const { t } = v;
  const csrfToken = v.staff.csrfToken;
  const body = html`<link rel="stylesheet" href="${EDITOR_CSS_PATH}">
<h1>${t('editor:title')}</h1>
<nav class="jump" aria-label="${t('editor:sections')}"><a href="#try">${t('editor:try.heading')}</a> <a href="#check">${t('editor:check.heading')}</a> <a href="#guides">${t('editor:guides.heading')}</a> <a href="#missed">${t('editor:missed.heading')}</a></nav>
${v.notice ? html`<p class="${v.notice.ok ? 'notice' : 'alert'}" role="${v.notice.ok ? 'status' : 'alert'}">${v.notice.text}</p>` : ''}
${statusBanner(t, v.status, v.root)}
<div class="editor-grid">
${renderTrySection(t, { locales: v.locales, tryLocale: v.tryLocale, preview: v.preview, maxChars: v.maxChars })}
${checkSection(t, v.check, v.root)}
${renderTopicsSection(t, { ...v.topics, locales: v.locales, csrfToken, root: v.root })}
${renderMissedSection(t, { ...v.missed, csrfToken })}
</div>`;
  return renderStaffPage({ t, locale: v.locale, locales: v.locales, path: v.path, title: t('editor:title'), body, staff: v.staff });
}

/** Whether the last save loaded; if not, why, and which content the bot is still answering from. */
function statusBanner(t: Translator, s: ReloadStatus, root: string): SafeHtml {
  if (s.state === 'ok')
    return html`<p class="notice" id="content-status" role="status">${t('editor:status.ok', { topics: s.topics, time: when(s.loadedAt) })}</p>`;
  return html`<div class="alert-box" id="content-status" role="alert">
<p><strong>${t('editor:status.failed', { time: when(s.failedAt) })}</strong> ${t('editor:status.serving', { time: when(s.servingSince) })}</p>
${problemList(
  s.problems.map((p) => ({ ...p, severity: 'error' as const })),
  root,
)}
</div>`;
}

function checkSection(t: Translator, c: CheckResult, root: string): SafeHtml {
  return html`<section class="panel" id="check" aria-labelledby="check-heading">
<h2 id="check-heading">${t('editor:check.heading')}</h2>
<p>${t('editor:check.summary', { errors: t('editor:check.errors', { count: c.errors }), warnings: t('editor:check.warnings', { count: c.warnings }) })} <small>${t('editor:check.cli')}</small></p>
${c.problems.length > 0 ? html`<details${c.errors > 0 ? html` open` : ''}><summary>${t('editor:check.show')}</summary>${problemList(c.problems, root)}</details>` : ''}
</section>`;
}

function problemList(problems: CheckResult['problems'], root: string): SafeHtml {
  return html`<ul class="problems">${problems.map(
    (p) => html`<li class="${p.severity}"><code>${relative(root, p.file) || p.file}:${p.line}</code> ${p.message}</li>`,
  )}</ul>`;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
