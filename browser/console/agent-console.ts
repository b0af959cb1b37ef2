import type { CaseView, Line, QueueItem } from '../../bot/handoff/agent-views.js';
import { createAgentApi, type Result } from './agent-api.js';
import { setupHistory } from './agent-history.js';
import { setupKeys } from './agent-keys.js';
import { setupMailProblems } from './agent-mail-problems.js';
import { renderMails } from './agent-mails.js';
import { minutesSince, renderLine, renderPacket, renderQueueItem } from './agent-render.js';
import { el, readConsoleData, translator } from './console-data.js';

// Waiting times on screen tick over this often; the queue itself arrives live.
const CLOCK_MS = 15_000;

const data = readConsoleData();
const t = translator(data.strings);
const api = createAgentApi(data.csrfToken);
const queueList = document.getElementById('queue') as HTMLUListElement;
const offlineList = document.getElementById('offline') as HTMLUListElement;
const casePanel = document.getElementById('case') as HTMLElement;
const connection = document.getElementById('connection') as HTMLElement;
const pageTitle = document.title;

let queue: QueueItem[] = [];
let queueAt = Date.now();
let selected: CaseView | undefined;
let guides: { id: string; title: string }[] = [];
/** merchant lines that arrived while their case was not open */
const unread = new Map<string, number>();

function showQueue(): void {
  const render = (items: QueueItem[], list: HTMLUListElement, empty: string) => {
    const nodes = items.map((item) =>
      renderQueueItem(item, t, {
        selected: item.id === selected?.id,
        minutes: minutesSince(item, queueAt),
        me: data.me.name,
        unread: unread.get(item.id) ?? 0,
      }),
    );
    list.replaceChildren(...(nodes.length > 0 ? nodes : [el('li', { class: 'empty' }, t(empty))]));
  };
  render(
    queue.filter((c) => c.status !== 'filed'),
    queueList,
    'queueEmpty',
  );
  render(
    queue.filter((c) => c.status === 'filed'),
    offlineList,
    'offlineEmpty',
  );
  const total = [...unread.values()].reduce((a, b) => a + b, 0) + queue.filter((c) => c.status === 'waiting').length;
  document.title = total > 0 ? `(${total}) ${pageTitle}` : pageTitle;
}

async function open(id: string): Promise<void> {
  const result = await api.detail(id);
  if (!result.ok) return problem(result);
  if (!selected || selected.locale !== result.data.locale) {
    const list = await api.guides(result.data.locale);
    guides = list.ok ? list.data : [];
  }
  showCase(result.data);
}

function showCase(view: CaseView): void {
  const keepDraft = selected?.id === view.id ? (document.getElementById('reply') as HTMLTextAreaElement | null)?.value : undefined;
  selected = view;
  unread.delete(view.id);
  const mine = view.agent?.name === data.me.name;
  const transcript = el('ol', { class: 'transcript', id: 'transcript' }, ...view.lines.map((l) => renderLine(l, t)));
  const controls: (HTMLElement | undefined)[] = [];
  const filed = view.status === 'filed';
  if (view.status === 'waiting' || (filed && !view.agent)) {
    controls.push(button(t(filed ? 'takeRequest' : 'take'), 'claim', () => act(api.claim(view.id)), '', 'Alt+T'));
  } else if (!mine && view.agent) controls.push(el('p', { class: 'notice', 'data-field': 'owner' }, t('takenBy', { name: view.agent.displayName })));
  if (mine && (view.status === 'active' || filed)) controls.push(composer(view, keepDraft));
  controls.push(renderMails(view, t), noteForm(view));
  casePanel.replaceChildren(
    el('h2', { 'data-state': view.status }, `${t(`status.${view.status}`)} · ${view.locale.toUpperCase()}`),
    renderPacket(view, t),
    el('h2', {}, t('transcript')),
    transcript,
    ...controls.filter((c): c is HTMLElement => c !== undefined),
    el('p', { class: 'alert', role: 'alert', id: 'case-problem' }),
  );
  transcript.scrollTop = transcript.scrollHeight;
  showQueue();
}

function composer(view: CaseView, draft = ''): HTMLElement {
  const byMail = view.status === 'filed';
  const label = byMail ? t('emailPlaceholder', { email: view.email ?? '' }) : t('messagePlaceholder');
  const text = el('textarea', { id: 'reply', 'aria-label': label, placeholder: label, maxlength: '4000', 'aria-keyshortcuts': 'Enter' });
  text.value = draft;
  const guide = el(
    'select',
    { id: 'guide', 'aria-label': t('chooseGuide') },
    el('option', { value: '' }, t('chooseGuide')),
    ...guides.map((g) => el('option', { value: g.id }, g.title)),
  );
  const send = async () => {
    if (!text.value.trim()) return;
    const ok = await act(api.send(view.id, text.value));
    if (ok) (document.getElementById('reply') as HTMLTextAreaElement | null)?.replaceWith(Object.assign(text, { value: '' }));
  };
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  });
  return el(
    'div',
    { class: 'composer' },
    byMail && !view.mailConfigured && el('p', { class: 'alert', role: 'status', 'data-field': 'mail-not-configured' }, t('mailNotConfigured')),
    text,
    el(
      'div',
      { class: 'row' },
      button(t(byMail ? 'sendEmail' : 'send'), 'send', send),
      !byMail && guide,
      !byMail && button(t('insertGuide'), 'guide', () => guide.value && act(api.guide(view.id, guide.value))),
    ),
    el(
      'div',
      { class: 'row' },
      button(t(byMail ? 'done' : 'close'), 'close', () => act(api.close(view.id)), 'secondary', 'Alt+X'),
    ),
  );
}

function noteForm(view: CaseView): HTMLElement {
  const text = el('textarea', { id: 'note', 'aria-label': t('notePlaceholder'), placeholder: t('notePlaceholder'), maxlength: '4000' });
  const add = async () => {
    if (await act(api.note(view.id, text.value))) text.value = '';
  };
  return el('div', { class: 'composer' }, text, el('div', { class: 'row' }, button(t('addNote'), 'note', add, 'secondary')));
}

function button(label: string, action: string, onClick: () => unknown, kind = '', keys = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-action': action, class: kind, ...(keys ? { 'aria-keyshortcuts': keys, title: keys } : {}) });
  b.textContent = label;
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await onClick();
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

async function act(call: Promise<Result<CaseView>>): Promise<boolean> {
  const result = await call;
  if (!result.ok) {
    problem(result);
    return false;
  }
  showCase(result.data);
  return true;
}

function problem(result: Extract<Result<unknown>, { ok: false }>): void {
  if (result.status === 401) return void window.location.assign(`/login?next=${encodeURIComponent('/agent')}`);
  const code = result.problem.problem ?? 'network';
  const text = t(`problem.${code}`, { name: result.problem.by ?? '' });
  const target = document.getElementById('case-problem') ?? connection;
  target.textContent = text;
  if (selected && code !== 'network') void open(selected.id);
}

function listen(): void {
  const source = new EventSource('/agent/api/events');
  source.addEventListener('open', () => {
    connection.textContent = '';
  });
  source.addEventListener('error', () => {
    connection.textContent = t('reconnecting');
  });
  source.addEventListener('queue', (e) => {
    queue = JSON.parse((e as MessageEvent<string>).data) as QueueItem[];
    queueAt = Date.now();
    if (selected) void open(selected.id);
    else showQueue();
  });
  // One case in or out of the queue: the rest of the list stays as it is.
  source.addEventListener('item', (e) => {
    const { caseId, item } = JSON.parse((e as MessageEvent<string>).data) as { caseId: string; item: QueueItem | null };
    const rest = queue.filter((c) => c.id !== caseId);
    queue = item ? [...rest, item].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)) : rest;
    if (!item) unread.delete(caseId);
    if (selected?.id === caseId && (!item || item.status !== selected.status || item.agent?.name !== selected.agent?.name)) void open(caseId);
    else showQueue();
  });
  source.addEventListener('case', (e) => {
    const { caseId } = JSON.parse((e as MessageEvent<string>).data) as { caseId: string };
    refreshMailProblems();
    if (caseId === selected?.id) void open(caseId);
  });
  source.addEventListener('entry', (e) => {
    const { caseId, line } = JSON.parse((e as MessageEvent<string>).data) as { caseId: string; line: Line };
    if (caseId !== selected?.id) {
      if (line.kind === 'merchant' && queue.some((c) => c.id === caseId)) unread.set(caseId, (unread.get(caseId) ?? 0) + 1);
      return showQueue();
    }
    selected.lines.push(line);
    const list = document.getElementById('transcript');
    list?.append(renderLine(line, t));
    if (list) list.scrollTop = list.scrollHeight;
  });
}

queueList.addEventListener('click', onQueueClick);
offlineList.addEventListener('click', onQueueClick);
function onQueueClick(event: MouseEvent): void {
  const item = (event.target as HTMLElement).closest<HTMLElement>('li[data-case-id]');
  if (item?.dataset.caseId) void open(item.dataset.caseId);
}
setupKeys({ next: () => queue.find((c) => c.status === 'waiting' && c.id !== selected?.id)?.id, open: (id) => void open(id) });
const refreshMailProblems = setupMailProblems({ t, open: (id) => void open(id) });
setupHistory({ t, open: (id) => void open(id), problem: (status) => problem({ ok: false, status, problem: {} }) });
setInterval(showQueue, CLOCK_MS);
listen();
