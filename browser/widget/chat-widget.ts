import { createChrome } from './chrome.js';
import type { ChatActivity, MountedChat, PanelModule } from './panel-api.js';
import { createSessionStore, endConversation, fetchGrant, type Grant, refreshGrant } from './session.js';
import { LOCALES, languageOf, otherLocale, stringsFor, supportedLocale, regionLocaleOf } from './strings.js';

export type WidgetSettings = {
  locale: string;
  storeId?: string;
  /** Direct Line base, e.g. https://bot.example/v3/directline or Azure's https://directline.botframework.com/v3/directline */
  domain: string;
  tokenUrl: string;
  sameTabOrigins: string[];
  panelUrl: string;
};

export type ChatWidget = { open: () => Promise<void>; close: () => void; setStoreId: (storeId: string | undefined) => void };

export function createChatWidget(settings: WidgetSettings): ChatWidget {
  const sessions = createSessionStore(settings.domain);
  let locale = supportedLocale(sessions.load()?.locale ?? settings.locale, settings.locale);
  let chat: MountedChat | undefined;
  let connecting: Promise<void> | undefined;
  let grant: Grant | undefined;
  let watermark = '';

  const chrome = createChrome({
    // A pointer on the launcher or focus on it starts fetching the panel, a moment before the click.
    warm: () => void loadPanel(settings.panelUrl).catch(() => undefined),
    open: () => void open(),
    close,
    switchLanguage() {
      useLocale(otherLocale(locale));
      chat?.send({ action: 'language', locale });
    },
    startOver() {
      const saved = sessions.load();
      if (saved) endConversation(settings.domain, saved);
      chat?.end();
      chat = undefined;
      grant = undefined;
      sessions.clear();
      void connect(true);
    },
    talkToPerson: () => chat?.send({ action: 'handoff' }, stringsFor(locale).header.talkToPerson),
    retry: () => void connect(false),
  });
  const applyLocale = () => chrome.setStrings(stringsFor(locale), locale);
  applyLocale();
  chrome.setStatus('loading');

  function useLocale(next: string) {
    locale = next;
    applyLocale();
    remember();
    chat?.setLocale(locale);
  }

  // The conversation's language is the one the bot answers in (it follows the merchant's): the controls follow it.
  function onActivity(activity: ChatActivity) {
    const lang = languageOf(activity.locale);
    if (activity.from?.role !== 'user' && lang && lang !== locale && LOCALES.includes(lang)) useLocale(lang);
  }

  function remember() {
    if (grant) sessions.save({ conversationId: grant.conversationId, token: grant.token, watermark, locale });
  }

  async function connect(fresh: boolean): Promise<void> {
    chrome.setStatus('loading');
    try {
      const saved = fresh ? undefined : sessions.load();
      // The panel's script and the token travel at the same time.
      const [panel, resumed] = await Promise.all([loadPanel(settings.panelUrl), saved ? refreshGrant(settings.domain, saved) : undefined]);
      grant = resumed ?? (await fetchGrant(settings.tokenUrl));
      watermark = resumed ? (saved?.watermark ?? '') : '';
      const current = grant;
      chat = panel.mountChat({
        element: chrome.freshChatElement(),
        domain: settings.domain,
        token: grant.token,
        conversationId: resumed ? grant.conversationId : undefined,
        seenWatermark: resumed ? Number(saved?.watermark) || 0 : 0,
        locale,
        strings: stringsFor,
        wireLocale: regionLocaleOf,
        storeId: () => settings.storeId,
        sameTabOrigins: settings.sameTabOrigins,
        onConnected() {
          remember();
          chrome.setStatus('ready');
          chat?.focusInput();
        },
        onFailed: () => chrome.setStatus('failed'),
        onSaved(state) {
          current.token = state.token;
          if (state.watermark) watermark = state.watermark;
          if (grant === current) remember();
        },
        onActivity,
      });
    } catch {
      chrome.setStatus('failed');
    }
  }

  async function open(): Promise<void> {
    chrome.showPanel(true);
    sessions.setOpen(true);
    if (chat) return chat.focusInput();
    connecting ??= connect(false).finally(() => {
      connecting = undefined;
    });
    await connecting;
  }

  function close() {
    chrome.showPanel(false);
    sessions.setOpen(false);
    chrome.focusLauncher();
  }

  // Moving to another page with the chat open keeps it open.
  if (sessions.isOpen()) void open();

  return {
    open,
    close,
    setStoreId(storeId) {
      settings.storeId = storeId;
    },
  };
}

let panel: Promise<PanelModule> | undefined;

/** The panel's script is fetched only when the launcher is first pointed at, focused or opened. */
function loadPanel(url: string): Promise<PanelModule> {
  if (panel) return panel;
  panel = new Promise<PanelModule>((resolve, reject) => {
    if (window.MontonioChatPanel) return resolve(window.MontonioChatPanel);
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => (window.MontonioChatPanel ? resolve(window.MontonioChatPanel) : reject(new Error('the chat panel did not load')));
    script.onerror = () => reject(new Error('the chat panel did not load'));
    document.head.append(script);
  }).catch((error) => {
    panel = undefined;
    throw error;
  });
  return panel;
}
