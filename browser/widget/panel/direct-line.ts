import type { ChatActivity } from '../panel-api.js';

export type DirectLineOptions = {
  domain: string;
  token: string;
  /** set to resume a conversation; without it the token's conversation is started */
  conversationId?: string;
  locale: string;
  onActivities: (activities: ChatActivity[], watermark: string | undefined) => void;
  onConnected: () => void;
  /** the first start failed (the panel offers to try again); later breaks are retried quietly */
  onFailed: () => void;
  onToken: (token: string) => void;
};

export type DirectLineClient = {
  post: (activity: Partial<ChatActivity>) => Promise<string>;
  readonly userId: string;
  readonly watermark: string;
  end: () => void;
};

// Tokens last 30 minutes here (Azure: 60); refreshing at half that keeps a slow tab safe.
const REFRESH_MS = 15 * 60_000;
// Reconnects back off up to this, so a restarting server is found again within seconds, not hammered.
const MAX_RETRY_MS = 10_000;
// A server that closes the stream on purpose (1012 Service Restart: a deploy or a scale-down; 1001 Going Away) is
// replaced at once by another instance, or by itself restarted: reconnect within this long, at a random moment, so the
// chats of a stopped instance do not all arrive at the same instant.
const RESTART_CODES = [1012, 1001];
const RESTART_SPREAD_MS = 1_000;
// A stream that cannot open at all (a proxy that drops WebSockets) falls back to polling at this pace.
const POLL_MS = 1_000;

/** Direct Line 3.0 from the browser: start or resume, a WebSocket stream (polling when that fails), posts, token refresh. */
export function connectDirectLine(o: DirectLineOptions): DirectLineClient {
  let token = o.token;
  let conversationId = o.conversationId ?? '';
  let watermark = '';
  let ended = false;
  let socket: WebSocket | undefined;
  let failures = 0;
  let streamWorks = false;
  let retryMs = 500;
  const userId = userOf(token);

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${o.domain}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
    if (!response.ok) throw new Error(`Direct Line answered ${response.status}`);
    return response.json();
  };

  const receive = (set: { activities?: ChatActivity[]; watermark?: string }) => {
    if (set.watermark !== undefined) watermark = set.watermark;
    if (set.activities?.length) o.onActivities(set.activities, set.watermark);
  };

  async function open(first: boolean): Promise<void> {
    if (ended) return;
    try {
      const started = conversationId
        ? await call(`/conversations/${encodeURIComponent(conversationId)}?watermark=${encodeURIComponent(watermark)}`)
        : await call('/conversations', { method: 'POST', body: JSON.stringify({ locale: o.locale }) });
      conversationId = started.conversationId ?? conversationId;
      if (first) o.onConnected();
      if (started.streamUrl && (streamWorks || failures < 2)) stream(started.streamUrl);
      else void poll();
    } catch {
      if (first) o.onFailed();
      else retry();
    }
  }

  function stream(url: string) {
    socket = new WebSocket(url);
    socket.onopen = () => {
      streamWorks = true;
      failures = 0;
      retryMs = 500;
    };
    // Azure sends empty frames as heartbeats.
    socket.onmessage = (event) => void (event.data && receive(JSON.parse(event.data as string)));
    socket.onclose = (event) => {
      socket = undefined;
      if (!streamWorks) failures++;
      // Resumes from the watermark (open → GET /conversations/:id?watermark=), through the load balancer.
      if (streamWorks && RESTART_CODES.includes(event.code)) setTimeout(() => void open(false), Math.random() * RESTART_SPREAD_MS);
      else retry();
    };
  }

  async function poll(): Promise<void> {
    while (!ended && !socket) {
      try {
        receive(await call(`/conversations/${encodeURIComponent(conversationId)}/activities?watermark=${encodeURIComponent(watermark)}`));
      } catch {
        return retry();
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function retry() {
    if (ended) return;
    setTimeout(() => void open(false), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  const refresh = setInterval(async () => {
    try {
      token = (await call('/tokens/refresh', { method: 'POST' })).token ?? token;
      o.onToken(token);
    } catch {
      // the next refresh tries again; an expired token shows as a failed send
    }
  }, REFRESH_MS);

  const starting = open(true);

  return {
    get userId() {
      return userId;
    },
    get watermark() {
      return watermark;
    },
    async post(activity) {
      await starting;
      const body = { ...activity, from: { id: userId, role: 'user' } };
      const { id } = await call(`/conversations/${encodeURIComponent(conversationId)}/activities`, { method: 'POST', body: JSON.stringify(body) });
      return id as string;
    },
    end() {
      ended = true;
      clearInterval(refresh);
      socket?.close();
    },
  };
}

/** Our tokens and Azure's carry the merchant's user id in the `user` claim. */
function userOf(token: string): string {
  try {
    const claims = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof claims.user === 'string') return claims.user;
  } catch {
    // not a JWT we can read
  }
  return `dl_${Math.random().toString(36).slice(2)}`;
}
