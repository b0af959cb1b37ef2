/** What lets a reload or the next page continue the same conversation. */
export type Saved = { conversationId: string; token: string; watermark: string; locale: string };
export type Grant = { token: string; conversationId: string };

export type SessionStore = {
  load: () => Saved | undefined;
  save: (saved: Saved) => void;
  clear: () => void;
  isOpen: () => boolean;
  setOpen: (open: boolean) => void;
};

/** Conversation in localStorage (every page and tab of the site); "panel open" per tab in sessionStorage. */
export function createSessionStore(domain: string): SessionStore {
  const key = `montonio-chat:${domain}`;
  const safe = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch {
      return fallback; // storage disabled (private mode, blocked cookies): the chat still works, just not across reloads
    }
  };
  return {
    load: () => safe(() => validSaved(JSON.parse(localStorage.getItem(key) ?? 'null')), undefined),
    save: (saved) => safe(() => localStorage.setItem(key, JSON.stringify(saved)), undefined),
    clear: () => safe(() => localStorage.removeItem(key), undefined),
    isOpen: () => safe(() => sessionStorage.getItem(`${key}:open`) === '1', false),
    setOpen: (open) => safe(() => (open ? sessionStorage.setItem(`${key}:open`, '1') : sessionStorage.removeItem(`${key}:open`)), undefined),
  };
}

function validSaved(value: unknown): Saved | undefined {
  const v = value as Partial<Saved> | null;
  return v && typeof v.conversationId === 'string' && typeof v.token === 'string' && typeof v.locale === 'string'
    ? ({ watermark: '', ...v } as Saved)
    : undefined;
}

/** A token for a new conversation, from our server's tokens/generate or the site's own endpoint in front of Azure. */
export async function fetchGrant(tokenUrl: string): Promise<Grant> {
  const response = await fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const grant = (await response.json()) as Partial<Grant>;
  if (typeof grant.token !== 'string' || typeof grant.conversationId !== 'string') throw new Error('token endpoint gave no token');
  return grant as Grant;
}

/** A fresh token for a saved conversation; undefined when it can no longer be resumed (expired, unknown). */
export async function refreshGrant(domain: string, saved: Saved): Promise<Grant | undefined> {
  const response = await fetch(`${domain}/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${saved.token}` } });
  if (!response.ok) return undefined;
  const { token } = (await response.json()) as { token?: string };
  return typeof token === 'string' ? { token, conversationId: saved.conversationId } : undefined;
}

/** "Start over": tells the server the conversation is over, so its token stops working (standard Direct Line). */
export function endConversation(domain: string, saved: Saved): void {
  void fetch(`${domain}/conversations/${encodeURIComponent(saved.conversationId)}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${saved.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'endOfConversation' }),
    keepalive: true,
  }).catch(() => undefined);
}
