import { createChrome } from './chrome.js';
import { createSessionStore, endConversation, fetchGrant, type Grant, refreshGrant } from './session.js';
import { LOCALES, languageOf, otherLocale, stringsFor, supportedLocale } from './strings.js';
import { type MountedChat, mountChat } from './webchat.js';
import type { DirectLine, WebChatActivity, WebChatGlobal } from './webchat-types.js';

export type WidgetSettings = {
  locale: string;
  storeId?: string;
  /** Direct Line base, e.g. https://bot.example/v3/directline or Azure's https://directline.botframework.com/v3/directline */
  domain: string;
  tokenUrl: string;
  sameTabOrigins: string[];
  webchatUrl: string;
};

export type ChatWidget = { open: () => Promise<void>; close: () => void; setStoreId: (storeId: string | undefined) => void };

export function createChatWidget(settings: WidgetSettings): ChatWidget {
  const sessions = createSessionStore(settings.domain);
  let locale = supportedLocale(sessions.load()?.locale ?? settings.locale, settings.locale);
  let chat: MountedChat | undefined;
  let connecting: Promise<void> | undefined;
  let grant: Grant | undefined;

  const chrome = createChrome({
    // A pointer on the launcher or focus on it starts fetching Web Chat, a moment before the click.
    warm: () => void loadWebChat(settings.webchatUrl).catch(() => undefined),
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
      chrome.freshChatElement();
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
  function onActivity(directLine: DirectLine, activity: WebChatActivity) {
    const lang = languageOf(activity.locale);
    // Deferred: Web Chat is in the middle of dispatching this activity.
    if (activity.from?.role === 'bot' && lang && lang !== locale && LOCALES.includes(lang)) setTimeout(() => useLocale(lang));
    remember(directLine);
  }

  function remember(directLine?: DirectLine) {
    if (!grant) return;
    if (directLine?.token) grant.token = directLine.token;
    const watermark = directLine?.watermark ?? sessions.load()?.watermark ?? '';
    sessions.save({ conversationId: grant.conversationId, token: grant.token, watermark, locale });
  }

  async function connect(fresh: boolean): Promise<void> {
    chrome.setStatus('loading');
    try {
      const WebChat = await loadWebChat(settings.webchatUrl);
      const saved = fresh ? undefined : sessions.load();
      const resumed = saved && (await refreshGrant(settings.domain, saved));
      grant = resumed ?? (await fetchGrant(settings.tokenUrl));
      chat = mountChat(WebChat, {
        element: chrome.freshChatElement(),
        domain: settings.domain,
        token: grant.token,
        conversationId: resumed ? grant.conversationId : undefined,
        seenWatermark: resumed ? Number(saved.watermark) || 0 : 0,
        locale,
        storeId: () => settings.storeId,
        sameTabOrigins: settings.sameTabOrigins,
        onConnected() {
          remember();
          chrome.setStatus('ready');
          // Web Chat renders its send box on the next frame.
          requestAnimationFrame(() => chat?.focusInput());
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

let webchat: Promise<WebChatGlobal> | undefined;

/** Web Chat (≈ 1 MB gzip) is fetched only when the panel first opens. */
function loadWebChat(url: string): Promise<WebChatGlobal> {
  if (webchat) return webchat;
  webchat = new Promise<WebChatGlobal>((resolve, reject) => {
    if (window.WebChat) return resolve(window.WebChat);
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => (window.WebChat ? resolve(window.WebChat) : reject(new Error('Web Chat did not load')));
    script.onerror = () => reject(new Error('Web Chat did not load'));
    document.head.append(script);
  }).catch((error) => {
    webchat = undefined;
    throw error;
  });
  return webchat;
}
