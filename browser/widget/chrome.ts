import { CSS } from './styles.js';
import type { WidgetStrings } from './strings.js';

export type ChromeActions = {
  warm: () => void;
  open: () => void;
  close: () => void;
  switchLanguage: () => void;
  startOver: () => void;
  talkToPerson: () => void;
  retry: () => void;
};

export type Chrome = {
  /** A new element for the chat inside the panel's shadow root, replacing the previous one ("Start over"). */
  freshChatElement: () => HTMLElement;
  setStrings: (strings: WidgetStrings, lang: string) => void;
  showPanel: (open: boolean) => void;
  isOpen: () => boolean;
  setStatus: (status: 'loading' | 'failed' | 'ready') => void;
  focusLauncher: () => void;
};

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0-.01zm5 0a1.5 1.5 0 1 0 0-.01zm5 0a1.5 1.5 0 1 0 0-.01z"/></svg>';

const TEMPLATE = `
<div class="root">
  <button type="button" class="launcher" aria-expanded="false" aria-controls="panel">${ICON}</button>
  <section class="panel" id="panel" role="dialog" aria-labelledby="title" hidden>
    <header>
      <h2 id="title"></h2>
      <button type="button" class="language"></button>
      <button type="button" class="close">×</button>
    </header>
    <div class="tools">
      <button type="button" class="person"></button>
      <button type="button" class="restart"></button>
    </div>
    <div class="body">
      <div class="status" role="status"><p></p><button type="button" class="retry" hidden></button></div>
    </div>
  </section>
</div>`;

/** Launcher and panel in a shadow root; labels come in the current language, Esc closes. */
export function createChrome(actions: ChromeActions): Chrome {
  const host = document.createElement('div');
  host.id = 'montonio-chat';
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = `<style>${CSS}</style>${TEMPLATE}`;
  let chatElement = document.createElement('div');
  document.body.append(host);

  const $ = <T extends HTMLElement>(selector: string) => shadow.querySelector(selector) as T;
  const root = $<HTMLElement>('.root');
  const launcher = $<HTMLButtonElement>('.launcher');
  const panel = $<HTMLElement>('.panel');
  const status = $<HTMLElement>('.status');
  const chatButtons = [$<HTMLButtonElement>('.language'), $<HTMLButtonElement>('.person'), $<HTMLButtonElement>('.restart')];

  launcher.addEventListener('click', actions.open);
  launcher.addEventListener('pointerenter', actions.warm, { once: true });
  launcher.addEventListener('focus', actions.warm, { once: true });
  $('.close').addEventListener('click', actions.close);
  $('.language').addEventListener('click', actions.switchLanguage);
  $('.person').addEventListener('click', actions.talkToPerson);
  $('.restart').addEventListener('click', actions.startOver);
  $('.retry').addEventListener('click', actions.retry);
  host.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden && !event.defaultPrevented) actions.close();
  });

  return {
    freshChatElement() {
      chatElement.remove();
      chatElement = document.createElement('div');
      chatElement.className = 'chat';
      chatElement.lang = root.lang;
      status.before(chatElement);
      return chatElement;
    },
    setStrings(s, lang) {
      root.lang = lang;
      chatElement.lang = lang;
      launcher.setAttribute('aria-label', s.launcher.open);
      $('#title').textContent = s.title;
      $('.language').textContent = s.header.language;
      $('.language').setAttribute('aria-label', s.header.switchLanguage);
      $('.close').setAttribute('aria-label', s.header.close);
      $('.person').textContent = s.header.talkToPerson;
      $('.restart').textContent = s.header.startOver;
      $('.retry').textContent = s.status.retry;
      status.dataset.loading = s.status.loading;
      status.dataset.failed = s.status.failed;
      if (!status.hidden) $('.status p').textContent = status.dataset[status.dataset.state ?? 'loading'] ?? '';
    },
    showPanel(open) {
      panel.hidden = !open;
      launcher.hidden = open;
      launcher.setAttribute('aria-expanded', String(open));
    },
    isOpen: () => !panel.hidden,
    setStatus(state) {
      status.hidden = state === 'ready';
      status.dataset.state = state;
      $('.status p').textContent = state === 'ready' ? '' : (status.dataset[state] ?? '');
      $('.retry').hidden = state !== 'failed';
      for (const button of chatButtons) button.disabled = state !== 'ready';
    },
    focusLauncher: () => launcher.focus(),
  };
}
