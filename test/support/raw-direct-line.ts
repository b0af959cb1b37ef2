import type { Grant } from './directline-client.js';

/** Direct Line by plain fetch, for tests that send what no well-behaved client would. */
export function rawDirectLine(url: string) {
  const base = `${url}/v3/directline`;
  const auth = (grant: Pick<Grant, 'token'>) => ({ authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' });
  return {
    generate: () => fetch(`${base}/tokens/generate`, { method: 'POST' }),
    async open(locale = 'et-EE'): Promise<Grant> {
      const grant = (await (await fetch(`${base}/tokens/generate`, { method: 'POST' })).json()) as Grant;
      await fetch(`${base}/conversations`, { method: 'POST', headers: auth(grant), body: JSON.stringify({ locale }) });
      return grant;
    },
    start: (grant: Pick<Grant, 'token'>) => fetch(`${base}/conversations`, { method: 'POST', headers: auth(grant), body: '{}' }),
    post: (grant: Grant, body: unknown) =>
      fetch(`${base}/conversations/${grant.conversationId}/activities`, {
        method: 'POST',
        headers: auth(grant),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async activities(grant: Grant): Promise<{ id: string; type: string; text?: string; channelData?: Record<string, unknown>; from: { role?: string } }[]> {
      const res = await fetch(`${base}/conversations/${grant.conversationId}/activities?watermark=0`, { headers: auth(grant) });
      return ((await res.json()) as { activities: never[] }).activities;
    },
  };
}
