import type { HistoryItem, HistoryPage } from '../../bot/handoff/case-history.js';
import { el } from './console-data.js';

type T = (key: string, values?: Record<string, string | number>) => string;

/** The history panel: a search form over closed and answered cases, newest first, a page at a time. */
export function setupHistory(o: { t: T; open: (caseId: string) => void; problem: (status: number) => void }): void {
  const form = document.getElementById('history-form') as HTMLFormElement;
  const list = document.getElementById('history') as HTMLUListElement;
  const more = document.getElementById('history-more') as HTMLButtonElement;
  let next: string | undefined;

  async function load(append: boolean): Promise<void> {
    const query = new URLSearchParams();
    for (const input of Array.from(form.querySelectorAll('input'))) if (input.value.trim()) query.set(input.name, input.value.trim());
    if (append && next) query.set('after', next);
    const response = await fetch(`/agent/api/history?${query}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => undefined);
    if (!response?.ok) return o.problem(response?.status ?? 0);
    const page = (await response.json()) as HistoryPage;
    next = page.next;
    const items = page.items.map((item) => renderItem(item, o.t));
    if (append) list.append(...items);
    else list.replaceChildren(...(items.length > 0 ? items : [el('li', { class: 'empty' }, o.t(query.size > 0 ? 'historyEmpty' : 'historyNone'))]));
    more.hidden = !next;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  list.addEventListener('click', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('li[data-case-id]');
    if (item?.dataset.caseId) o.open(item.dataset.caseId);
  });
  void load(false);
}

function renderItem(item: HistoryItem, t: T): HTMLLIElement {
  const ended = new Date(item.endedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
  return el(
    'li',
    { 'data-case-id': item.caseId, 'data-outcome': item.outcome },
    el(
      'div',
      { class: 'meta' },
      el('span', { class: `tag outcome-${item.outcome}` }, t(`outcome.${item.outcome}`)),
      el('span', { class: 'tag' }, item.locale),
      el('time', { datetime: item.endedAt }, ended),
      el('span', {}, item.storeId ?? item.email ?? t('noStore')),
      item.agent && el('span', {}, item.agent),
    ),
    el('p', { class: 'question' }, item.headline || '…'),
    el('button', { type: 'button', class: 'secondary', 'data-action': 'open' }, t('open')),
  );
}
