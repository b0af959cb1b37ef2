import type { WidgetStrings } from './strings.js';

/** What the panel reads of a Direct Line activity. */
export type CardAction = { type: string; title?: string; value?: unknown; text?: string; displayText?: string };
export type ChatActivity = {
  type: string;
  id?: string;
  text?: string;
  textFormat?: string;
  locale?: string;
  timestamp?: string;
  from?: { id?: string; name?: string; role?: string };
  value?: unknown;
  attachments?: { contentType?: string; content?: { title?: string; text?: string; buttons?: CardAction[] } }[];
  suggestedActions?: { actions?: CardAction[] };
  channelData?: {
    clientActivityID?: string;
    storeId?: string;
    agent?: { displayName?: string };
    handoff?: { notice?: string };
    answer?: { kind?: string };
  };
};

export type ChatOptions = {
  element: HTMLElement;
  domain: string;
  token: string;
  /** set to resume; a new conversation is started with the token alone */
  conversationId?: string;
  /** on resume: the watermark the merchant had already seen; the history up to it is shown but not read out again */
  seenWatermark?: number;
  locale: string;
  strings: (locale: string) => WidgetStrings;
  /** the locale as activities carry it (et → et-EE) */
  wireLocale: (locale: string) => string;
  /** read at every send: a page may call init() again with another store */
  storeId: () => string | undefined;
  sameTabOrigins: string[];
  onConnected: () => void;
  onFailed: () => void;
  /** after every change worth keeping across pages: the token and the watermark */
  onSaved: (state: { token: string; watermark: string }) => void;
  onActivity: (activity: ChatActivity) => void;
};

export type MountedChat = {
  setLocale: (locale: string) => void;
  /** what the bot's own buttons send (messageBack with a value); `label`, when given, shows as the merchant's message */
  send: (value: Record<string, unknown>, label?: string) => void;
  focusInput: () => void;
  end: () => void;
};

/** The panel's bundle (/widget/panel-<hash>.js) registers itself here for the launcher. */
export type PanelModule = { mountChat: (options: ChatOptions) => MountedChat };

declare global {
  interface Window {
    MontonioChatPanel?: PanelModule;
  }
}
