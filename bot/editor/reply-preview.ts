import type { Activity, CardAction } from 'botbuilder';
import { languageOf } from '../language/locale.js';
import { escapeHtml, html, SafeHtml } from '../web/html.js';

/**
 * The bot's replies drawn the way the widget shows them: a bubble per message with its Markdown, a card's
 * buttons under it, and the suggested actions of the last message as chips. Everything is escaped before any markup.
 */
export function renderReplies(question: string, replies: Partial<Activity>[], questionLocale: string): SafeHtml {
  const last = [...replies].reverse().find((r) => r.suggestedActions?.actions?.length);
  const chips = last === replies.at(-1) ? (last?.suggestedActions?.actions ?? []) : [];
  return html`<div class="chat-preview" role="log">
<div class="bubble from-user" lang="${questionLocale}">${question}</div>
${replies.map((r) => html`<div class="bubble from-bot" lang="${languageOf(r.locale) ?? ''}">${markdown(r.text ?? '')}${cardButtons(r)}</div>`)}
${chips.length > 0 ? html`<div class="chips">${chips.map((a) => html`<span class="chip">${a.title}</span>`)}</div>` : ''}
</div>`;
}

function cardButtons(reply: Partial<Activity>): SafeHtml | '' {
  const buttons = (reply.attachments ?? []).flatMap((a) => (a.content as { buttons?: CardAction[] } | undefined)?.buttons ?? []);
  if (buttons.length === 0) return '';
  return html`<div class="card-buttons">${buttons.map((b) => {
    const url = typeof b.value === 'string' && /^https?:\/\//.test(b.value) ? b.value : undefined;
    return url
      ? html`<a class="card-button" href="${url}" target="_blank" rel="noopener noreferrer">${b.title}</a>`
      : html`<span class="card-button">${b.title}</span>`;
  })}</div>`;
}

/** The Markdown the bot writes: paragraphs, numbered and bulleted lists, **bold**, *italics*, `code` and [links](https://…). */
export function markdown(text: string): SafeHtml {
  const blocks = text.split(/\n{2,}/).filter((b) => b.trim() !== '');
  return new SafeHtml(
    blocks
      .map((block) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^\d+\.\s/.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\d+\.\s+/, ''))}</li>`).join('')}</ol>`;
        if (lines.every((l) => /^[-*]\s/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^[-*]\s+/, ''))}</li>`).join('')}</ul>`;
        return `<p>${lines.map(inline).join('<br>')}</p>`;
      })
      .join(''),
  );
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(
      /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_, label: string, url: string) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`,
    )
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*?)\*/g, '$1<em>$2</em>')
    .replace(/&#96;([^&]+?)&#96;/g, '<code>$1</code>');
}
