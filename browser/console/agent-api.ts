import type { CaseView, QueueItem } from '../../bot/handoff/agent-views.js';

export type Problem = { problem?: string; by?: string; error?: string };
export type Result<T> = { ok: true; data: T } | { ok: false; status: number; problem: Problem };

/** The console's calls to /agent/api, with the session's CSRF token on every change. */
export function createAgentApi(csrfToken: string) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
    try {
      const response = await fetch(`/agent/api${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method === 'POST' ? { 'x-csrf-token': csrfToken } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
      const json = (await response.json().catch(() => ({}))) as T & Problem;
      return response.ok ? { ok: true, data: json } : { ok: false, status: response.status, problem: json };
    } catch {
      return { ok: false, status: 0, problem: { problem: 'network' } };
    }
  }
  return {
    queue: () => call<QueueItem[]>('GET', '/queue'),
    detail: (id: string) => call<CaseView>('GET', `/cases/${encodeURIComponent(id)}`),
    guides: (locale: string) => call<{ id: string; title: string }[]>('GET', `/guides?locale=${encodeURIComponent(locale)}`),
    claim: (id: string) => call<CaseView>('POST', `/cases/${encodeURIComponent(id)}/claim`, {}),
    send: (id: string, text: string) => call<CaseView>('POST', `/cases/${encodeURIComponent(id)}/messages`, { text }),
    guide: (id: string, guideId: string) => call<CaseView>('POST', `/cases/${encodeURIComponent(id)}/guides`, { guideId }),
    note: (id: string, text: string) => call<CaseView>('POST', `/cases/${encodeURIComponent(id)}/notes`, { text }),
    close: (id: string) => call<CaseView>('POST', `/cases/${encodeURIComponent(id)}/close`, {}),
  };
}

export type AgentApi = ReturnType<typeof createAgentApi>;
