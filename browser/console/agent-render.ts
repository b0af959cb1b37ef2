import type { CaseView, Line, QueueItem } from '../../bot/handoff/agent-views.js';
import { el } from './console-data.js';

type T = (key: string, values?: Record<string, string | number>) => string;

export function minutesSince(item: QueueItem, receivedAt: number): number {
  return Math.floor((item.waitingSeconds + (Date.now() - receivedAt) / 1000) / 60);
}

/** One chat in the queue: language, store, first question, the bot's best guess, waiting time. */
export function renderQueueItem(item: QueueItem, t: T, o: { selected: boolean; minutes: number; me: string; unread: number }): HTMLLIElement {
  const owner = item.agent && (item.agent.name === o.me ? t('you') : item.agent.displayName);
  const guess = item.bestGuess ? t('bestGuessValue', { title: item.bestGuess.title, confidence: t(`confidence.${item.bestGuess.confidence}`) }) : t('noGuess');
  return el(
    'li',
    { 'data-case-id': item.id, 'data-status': item.status, class: o.selected ? 'selected' : '' },
    el(
      'div',
      { class: 'meta' },
      el('span', { class: `tag state-${item.status}`, 'data-field': 'status' }, t(`status.${item.status}`)),
      o.unread > 0 && el('span', { class: 'unread', 'data-field': 'unread' }, t('unread', { count: o.unread })),
      el('span', { class: 'tag', 'data-field': 'locale', title: t('language') }, item.locale),
      el('span', { 'data-field': 'store', title: t('store') }, item.storeId ?? t('noStore')),
      el('span', { 'data-field': 'waiting' }, t(item.status === 'waiting' ? 'waitingFor' : 'waitedFor', { minutes: o.minutes })),
    ),
    el('p', { class: 'question', 'data-field': 'question' }, item.firstQuestion || '…'),
    el(
      'div',
      { class: 'meta' },
      el('span', { 'data-field': 'guess' }, `${t('bestGuess')}: ${guess}`),
      owner && el('span', { 'data-field': 'agent' }, t('takenBy', { name: owner })),
      item.email && el('span', {}, item.email),
    ),
    el('button', { type: 'button', class: 'secondary', 'data-action': 'open' }, t('open')),
  );
}

export function renderLine(line: Line, t: T): HTMLLIElement {
  const who = line.kind === 'merchant' ? t('merchant') : line.kind === 'bot' ? t('bot') : line.author;
  // The bot's guides are Markdown for Web Chat; here the stars would only get in the way of reading.
  const text =
    line.kind === 'status' ? t(`event.${line.text}`, { name: line.author }) : line.kind === 'bot' ? line.text.replace(/\*\*(.+?)\*\*/g, '$1') : line.text;
  return el(
    'li',
    { class: line.kind === 'agent' ? 'agent' : line.kind, 'data-kind': line.kind },
    line.kind !== 'status' && el('span', { class: 'who' }, line.kind === 'note' ? `${who} · ${t('note')}` : who),
    text,
  );
}

/** The packet: why the merchant came and what the bot already tried. */
export function renderPacket(view: CaseView, t: T): HTMLElement {
  const row = (label: string, value: Node | string, field: string) => [el('dt', {}, label), el('dd', { 'data-field': field }, value)];
  const questions = el(
    'ul',
    {},
    ...view.questions.map((q) =>
      el('li', {}, q.text, q.count > 1 && el('span', { class: 'tag', title: t('asked', { count: q.count }) }, t('repeated', { count: q.count }))),
    ),
  );
  const feedback = view.feedback.map((f) => `${f.guideId}: ${t(f.helpful ? 'helpful' : 'notHelpful')}`).join(', ') || '–';
  return el(
    'dl',
    { class: 'packet' },
    ...row(t('reasonLabel'), t(`reason.${view.reason}`), 'reason'),
    ...row(t('language'), view.locale, 'locale'),
    ...row(t('store'), view.storeId ?? t('noStore'), 'store'),
    ...row(t('questions'), questions, 'questions'),
    ...row(
      t('bestGuess'),
      view.bestGuess ? t('bestGuessValue', { title: view.bestGuess.title, confidence: t(`confidence.${view.bestGuess.confidence}`) }) : t('noGuess'),
      'guess',
    ),
    ...row(t('feedback'), feedback, 'feedback'),
    ...(view.email ? row(t('email'), view.email, 'email') : []),
    ...(view.question ? row(t('question'), view.question, 'offline-question') : []),
  );
}

/** A mailto: link holding an e-mail answer the server could not send (no SMTP, or every try failed). */
export function mailtoLink(to: string, subject: string, body: string, label: string): HTMLAnchorElement {
  return el(
    'a',
    { href: `mailto:${encodeURIComponent(to)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`, 'data-action': 'mailto' },
    label,
  );
}
