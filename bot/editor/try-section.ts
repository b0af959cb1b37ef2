import type { Translator } from '../language/i18n.js';
import type { Understanding } from '../knowledge/understand.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Preview } from './preview-bot.js';
import { renderReplies } from './reply-preview.js';

// Enough to see the runner-ups without a wall of numbers.
const SHOWN_CANDIDATES = 6;

/** "Try a question": the form, the answer as the widget shows it, and how the matcher read the question. */
export function renderTrySection(t: Translator, o: { locales: string[]; tryLocale: string; preview?: Preview; maxChars: number }): SafeHtml {
  const p = o.preview;
  return html`<section class="panel" id="try" aria-labelledby="try-heading">
<h2 id="try-heading">${t('editor:try.heading')}</h2>
<form method="get" action="/editor#try" class="try-form">
<label class="grow">${t('editor:try.question')} <input name="q" value="${p?.question ?? ''}" maxlength="${o.maxChars}" required autocomplete="off"></label>
<fieldset class="inline-choices"><legend>${t('editor:try.language')}</legend>
${o.locales.map((l) => html`<label><input type="radio" name="qlang" value="${l}"${l === o.tryLocale ? html` checked` : ''}> ${t(`editor:languages.${l}`, { defaultValue: l })}</label>`)}
</fieldset>
<button type="submit">${t('editor:try.submit')}</button>
</form>
${p ? result(t, p) : html`<p class="empty">${t('editor:try.hint')}</p>`}
</section>`;
}

function result(t: Translator, p: Preview): SafeHtml {
  const candidates = p.candidates.slice(0, SHOWN_CANDIDATES);
  return html`<div class="try-result">
<div><h3>${t('editor:try.answer')}</h3>${renderReplies(p.question, p.replies, p.locale)}</div>
<div><h3>${t('editor:try.reading')}</h3>
<dl class="facts">
<dt>${t('editor:try.decision')}</dt><dd class="decision">${decision(t, p.understood)}</dd>
<dt>${t('editor:try.detected')}</dt><dd>${p.detected ? t(`editor:languages.${p.detected}`, { defaultValue: p.detected }) : t('editor:try.notDetected')}</dd>
</dl>
${
  candidates.length === 0
    ? html`<p class="empty">${t('editor:try.noCandidates')}</p>`
    : html`<table class="candidates"><caption>${t('editor:try.candidates')}</caption>
<thead><tr><th scope="col">${t('editor:try.topic')}</th><th scope="col" class="num">${t('editor:try.score')}</th><th scope="col">${t('editor:try.matched')}</th></tr></thead>
<tbody>${candidates.map(
        (c) => html`<tr><td>${c.id}${c.kind === 'decline' ? html` <span class="tag">${t('editor:try.outOfScope')}</span>` : ''}</td>
<td class="num">${c.score.toFixed(2)}</td>
<td>${c.matched.map((m) => html`<span class="match">${m.word}${m.word === m.term ? '' : html` → ${m.term}`} <small>${m.score.toFixed(2)}</small></span>`)}</td></tr>`,
      )}</tbody></table>`
}
</div>
</div>`;
}

function decision(t: Translator, u: Understanding): string {
  switch (u.kind) {
    case 'guide':
      return t('editor:decision.guide', { id: u.guideId, confidence: u.confidence.toFixed(2) });
    case 'clarify':
      return t('editor:decision.clarify', { ids: u.guideIds.join(', ') });
    case 'fallback':
      return u.declineId ? t('editor:decision.declined', { id: u.declineId }) : t('editor:decision.fallback');
    case 'handoff':
      return t('editor:decision.handoff');
    case 'switchLanguage':
      return t('editor:decision.switchLanguage', { locale: u.locale });
    case 'smalltalk':
      return t('editor:decision.smalltalk', { topic: u.topic });
    default:
      return t('editor:decision.other');
  }
}
