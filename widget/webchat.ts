import { opensInSameTab, webUrl } from './link-target.js';
import { languageOf, webchatLocaleOf } from './strings.js';
import type { Action, DirectLine, WebChatActivity, WebChatGlobal } from './webchat-types.js';

export type ChatOptions = {
  element: HTMLElement;
  domain: string;
  token: string;
  /** set to resume; a new conversation is started with the token alone */
  conversationId?: string;
  /** on resume: the watermark the merchant had already seen; the history up to it is shown but not read out again */
  seenWatermark?: number;
  locale: string;
  /** read at every send: a page may call init() again with another store */
  storeId: () => string | undefined;
  sameTabOrigins: string[];
  onConnected: () => void;
  onActivity: (directLine: DirectLine, activity: WebChatActivity) => void;
};

export type MountedChat = {
  setLocale: (locale: string) => void;
  /** what the bot's own buttons send (messageBack with a value); `label`, when given, shows as the merchant's message */
  send: (value: Record<string, unknown>, label?: string) => void;
  focusInput: () => void;
  end: () => void;
};

// Colours chosen for WCAG AA (4.5:1) on white and white on them.
const ACCENT = '#1f3a93';
const STYLE = {
  hideUploadButton: true,
  accent: ACCENT,
  bubbleFromUserBackground: ACCENT,
  bubbleFromUserTextColor: '#ffffff',
  bubbleBackground: '#eef1f7',
  bubbleTextColor: '#1d2433',
  bubbleBorderRadius: 10,
  bubbleFromUserBorderRadius: 10,
  suggestedActionLayout: 'flow',
  suggestedActionBorderRadius: 16,
  suggestedActionTextColor: ACCENT,
  suggestedActionBorderColor: ACCENT,
  sendBoxButtonColor: ACCENT,
  timestampColor: '#5a6478',
  primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  rootHeight: '100%',
  rootWidth: '100%',
};

export function mountChat(WebChat: WebChatGlobal, options: ChatOptions): MountedChat {
  let locale = options.locale;
  const directLine = WebChat.createDirectLine({
    domain: options.domain,
    token: options.token,
    conversationId: options.conversationId,
    webSocket: true,
    conversationStartProperties: { locale: webchatLocaleOf(locale) },
  });
  const quiet = quietHistory(options.element, options.seenWatermark ?? 0);
  const store = WebChat.createStore({}, () => (next) => (action) => {
    const storeId = options.storeId();
    if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && storeId) action = withStoreId(action, storeId);
    const result = next(action);
    if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') options.onConnected();
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      options.onActivity(directLine, action.payload?.activity ?? {});
      quiet.onActivity(Number(directLine.watermark));
    }
    return result;
  });

  // Each message says which language it is in, so screen readers pronounce it right; the bot marks its replies' locale.
  const activityMiddleware = () => (next: (...a: unknown[]) => unknown) => (...setup: unknown[]) => {
    const render = next(...setup) as ((...a: unknown[]) => unknown) | false | undefined;
    const { activity } = setup[0] as { activity: { locale?: string } };
    const lang = languageOf(activity.locale) ?? locale;
    return render && ((...args: unknown[]) => withLang(render(...args), lang));
  };

  const cardActionMiddleware = () => (next: (arg: unknown) => unknown) => (arg: { cardAction: { type: string; value?: unknown } }) => {
    if (arg.cardAction.type !== 'openUrl') return next(arg);
    const url = webUrl(arg.cardAction.value, location.href);
    if (!url) return undefined;
    if (opensInSameTab(url, location.origin, options.sameTabOrigins)) location.assign(url.href);
    else window.open(url.href, '_blank', 'noopener,noreferrer');
    return undefined;
  };

  const render = () =>
    WebChat.renderWebChat(
      { directLine, store, locale: webchatLocaleOf(locale), styleOptions: STYLE, activityMiddleware, cardActionMiddleware, sendTypingIndicator: false },
      options.element,
    );
  render();
  quiet.start();

  return {
    setLocale(next) {
      locale = next;
      render();
    },
    send(value, label) {
      store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE_BACK', payload: { value, text: label, displayText: label } });
    },
    focusInput() {
      options.element.querySelector<HTMLElement>('.webchat__send-box-text-box__input')?.focus();
    },
    end() {
      directLine.end();
    },
  };
}

// Web Chat puts an activity in its live region on the render after it arrives; wait that out before speaking again.
const SETTLE_MS = 400;

/**
 * Web Chat's polite live region reads every activity that arrives, so a resumed conversation would read its whole
 * history aloud. It stays silent until the history reaches the watermark the merchant had already seen.
 */
function quietHistory(element: HTMLElement, seenWatermark: number) {
  const region = () => element.querySelector('.webchat__live-region-transcript');
  let waiting = seenWatermark > 0;
  // Web Chat draws the region a moment after rendering starts: silence it as soon as it exists.
  const silence = new MutationObserver(() => {
    if (region()) silence.disconnect();
    region()?.setAttribute('aria-live', 'off');
  });
  return {
    start() {
      if (waiting) silence.observe(element, { childList: true, subtree: true });
    },
    onActivity(watermark: number) {
      if (!waiting || !(watermark >= seenWatermark)) return;
      waiting = false;
      silence.disconnect();
      setTimeout(() => region()?.setAttribute('aria-live', 'polite'), SETTLE_MS);
    },
  };
}

/**
 * Web Chat's bundle keeps its React private, and a React element is a plain object: the wrapper borrows the
 * element marker of the element it wraps, so it matches whatever React version Web Chat ships.
 */
function withLang(element: unknown, lang: string): unknown {
  if (!element || typeof element !== 'object' || !('$$typeof' in element)) return element;
  return { $$typeof: element.$$typeof, type: 'div', key: null, ref: null, props: { lang, children: element }, _owner: null };
}

function withStoreId(action: Action, storeId: string): Action {
  const activity = action.payload?.activity ?? {};
  return { ...action, payload: { ...action.payload, activity: { ...activity, channelData: { ...activity.channelData, storeId } } } };
}
