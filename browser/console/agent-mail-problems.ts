import type { MailStatus } from '../../bot/handoff/mail-outbox.js';
import { el } from './console-data.js';

type T = (key: string, values?: Record<string, string | number>) => string;
type Problem = { id: number; caseId: string; to: string; status: MailStatus; attempts: number; lastError?: string };

/** E-mail answers that failed (for good, or waiting for a retry), above everything else, whichever case they belong to. */
export function setupMailProblems(o: { t: T; open: (caseId: string) => void }): () => void {
  const box = document.getElementById('mail-problems') as HTMLElement;
  const list = document.getElementById('mail-problem-list') as HTMLUListElement;
  list.addEventListener('click', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('li[data-case-id]');
    if (item?.dataset.caseId) o.open(item.dataset.caseId);
  });
  async function refresh(): Promise<void> {
    const response = await fetch('/agent/api/mail-problems', { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => undefined);
    if (!response?.ok) return;
    const problems = (await response.json()) as Problem[];
    list.replaceChildren(
      ...problems.map((p) =>
        el(
          'li',
          { 'data-case-id': p.caseId, 'data-mail-status': p.status },
          el('span', { class: `tag mail-${p.status}` }, o.t(`mailStatus.${p.status}`)),
          el('p', { class: 'question' }, o.t('mailProblem', { to: p.to, error: p.lastError ?? '' })),
          el('button', { type: 'button', class: 'secondary', 'data-action': 'open' }, o.t('open')),
        ),
      ),
    );
    box.hidden = problems.length === 0;
  }
  void refresh();
  return () => void refresh();
}
