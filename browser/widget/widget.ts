import { type ChatWidget, createChatWidget } from './chat-widget.js';
import { supportedLocale } from './strings.js';

/** Server configuration put in by the esbuild step (empty strings: this server). */
declare const __WIDGET_DEFAULTS__: { domain: string; tokenUrl: string; sameTabOrigins: string[]; panelPath: string; defaultLocale: string };

/** `MontonioChat.init({ locale, storeId })` for pages that add the script with data-manual. */
export type InitOptions = { locale?: string; storeId?: string; domain?: string; tokenUrl?: string; sameTabOrigins?: string[] };

const script = document.currentScript as HTMLScriptElement | null;
// The server that served widget.js also serves the panel and, unless configured otherwise, the Direct Line.
const origin = script?.src ? new URL(script.src).origin : location.origin;
let widget: ChatWidget | undefined;

function init(options: InitOptions = {}): ChatWidget {
  if (widget) {
    widget.setStoreId(options.storeId);
    return widget;
  }
  const defaults = __WIDGET_DEFAULTS__;
  const domain = (options.domain || defaults.domain || `${origin}/v3/directline`).replace(/\/+$/, '');
  widget = createChatWidget({
    locale: supportedLocale(options.locale ?? document.documentElement.lang, defaults.defaultLocale),
    storeId: options.storeId || undefined,
    domain,
    tokenUrl: options.tokenUrl || defaults.tokenUrl || `${domain}/tokens/generate`,
    sameTabOrigins: options.sameTabOrigins ?? defaults.sameTabOrigins,
    panelUrl: origin + defaults.panelPath,
  });
  return widget;
}

function fromScript(element: HTMLScriptElement): InitOptions {
  const d = element.dataset;
  return {
    locale: d.locale,
    storeId: d.storeId,
    domain: d.domain,
    tokenUrl: d.tokenUrl,
    sameTabOrigins: d.sameTabOrigins
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

const api = { init, open: () => widget?.open(), close: () => widget?.close() };
(window as unknown as { MontonioChat: typeof api }).MontonioChat = api;

if (script && !script.hasAttribute('data-manual')) {
  const start = () => init(fromScript(script));
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
