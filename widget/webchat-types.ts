/** The few parts of Web Chat's browser bundle (window.WebChat) the widget uses. */
export type Action = { type: string; payload?: Record<string, unknown> & { activity?: WebChatActivity } };
export type WebChatActivity = { type?: string; locale?: string; from?: { role?: string }; channelData?: Record<string, unknown>; conversation?: { id: string } };
export type Store = { dispatch: (action: Action) => void };
type Next<T> = (value: T) => unknown;
export type StoreMiddleware = (api: { dispatch: Store['dispatch'] }) => (next: Next<Action>) => Next<Action>;

export type DirectLine = {
  end: () => void;
  // directlinejs keeps these as plain fields; read to remember the conversation across page loads
  token?: string;
  watermark?: string;
  conversationId?: string;
};

export type DirectLineOptions = {
  domain: string;
  token: string;
  conversationId?: string;
  webSocket: boolean;
  conversationStartProperties?: { locale: string };
};

export type WebChatGlobal = {
  createDirectLine: (options: DirectLineOptions) => DirectLine;
  createStore: (initial: object, ...middleware: StoreMiddleware[]) => Store;
  renderWebChat: (props: Record<string, unknown>, element: HTMLElement) => void;
};

declare global {
  interface Window {
    WebChat?: WebChatGlobal;
  }
}
