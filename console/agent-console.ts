import type { CaseView, Line, QueueItem } from '../bot/handoff/agent-views.js';
import { createAgentApi, type Result } from './agent-api.js';
import { mailtoLink, minutesSince, renderLine, renderPacket, renderQueueItem } from './agent-render.js';
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

let queue: QueueItem[] = [];
let queueAt = Date.now();
let selected: CaseView | undefined;
let guides: { id: string; title: string }[] = [];

function showQueue(): void {
  const render = (items: QueueItem[], list: HTMLUListElement, empty: string) => {
    const nodes = items.map((item) => renderQueueItem(item, t, { selected: item.id === selected?.id, minutes: minutesSince(item, queueAt), me: data.me.name }));
    list.replaceChildren(...(nodes.length > 0 ? nodes : [el('li', { class: 'empty' }, t(empty))]));
  };
  render(queue.filter((c) => c.status !== 'filed'), queueList, 'queueEmpty');
  render(queue.filter((c) => c.status === 'filed'), offlineList, 'offlineEmpty');
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
  selected = view;
  const mine = view.agent?.name === data.me.name;
  const transcript = el('ol', { class: 'transcript', id: 'transcript' }, ...view.lines.map((l) => renderLine(l, t)));
  const controls: HTMLElement[] = [];
  if (view.status === 'waiting') controls.push(button(t('take'), 'claim', () => act(api.claim(view.id))));
  else if (view.status === 'filed' && !view.agent) controls.push(button(t('take'), 'claim', () => act(api.claim(view.id))));
  else if (!mine && view.agent) controls.push(el('p', { class: 'notice', 'data-field': 'owner' }, t('takenBy', { name: view.agent.displayName })));
  if (mine && (view.status === 'active' || view.status === 'filed')) controls.push(composer(view));
  controls.push(noteForm(view));
  casePanel.replaceChildren(
    el('h2', {}, `${t(`status.${view.status}`)} · ${view.locale.toUpperCase()}`),
    renderPacket(view, t),
    el('h2', {}, t('transcript')),
    transcript,
    ...controls,
    el('p', { class: 'alert', role: 'alert', id: 'case-problem' }),
  );
  transcript.scrollTop = transcript.scrollHeight;
  showQueue();
}

function composer(view: CaseView): HTMLElement {
  const text = el('textarea', { id: 'reply', 'aria-label': t('messagePlaceholder'), placeholder: t('messagePlaceholder'), maxlength: '4000' });
  const guide = el('select', { id: 'guide', 'aria-label': t('chooseGuide') }, el('option', { value: '' }, t('chooseGuide')), ...guides.map((g) => el('option', { value: g.id }, g.title)));
  const send = async () => {
    if (!text.value.trim()) return;
    const ok = await act(api.send(view.id, text.value));
    if (ok) text.value = '';
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
    text,
    el('div', { class: 'row' }, button(t('send'), 'send', send), guide, button(t('insertGuide'), 'guide', () => guide.value && act(api.guide(view.id, guide.value))), view.status === 'filed' && view.email && mailtoLink(view, t)),
    el('div', { class: 'row' }, button(t(view.status === 'filed' ? 'done' : 'close'), 'close', () => act(api.close(view.id)), 'secondary')),
  );
}

function noteForm(view: CaseView): HTMLElement {
  const text = el('textarea', { id: 'note', 'aria-label': t('notePlaceholder'), placeholder: t('notePlaceholder'), maxlength: '4000' });
  return el('div', { class: 'composer' }, text, el('div', { class: 'row' }, button(t('addNote'), 'note', async () => (await act(api.note(view.id, text.value))) && (text.value = ''), 'secondary')));
}

function button(label: string, action: string, onClick: () => unknown, kind = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-action': action, class: kind });
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
  source.addEventListener('open', () => void (connection.textContent = ''));
  source.addEventListener('error', () => void (connection.textContent = t('reconnecting')));
  source.addEventListener('queue', (e) => {
    queue = JSON.parse((e as MessageEvent<string>).data) as QueueItem[];
    queueAt = Date.now();
    const current = selected && queue.find((c) => c.id === selected?.id);
    if (selected && (!current || current.status !== selected.status || current.agent?.name !== selected.agent?.name)) void open(selected.id);
    else showQueue();
  });
  source.addEventListener('entry', (e) => {
    const { caseId, line } = JSON.parse((e as MessageEvent<string>).data) as { caseId: string; line: Line };
    if (caseId !== selected?.id) return;
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
setInterval(showQueue, CLOCK_MS);
listen();
