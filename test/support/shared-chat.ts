import { seqOf } from './directline-client.js';

/** An activity of a web chat's log as GET …/activities gives it, with the fields the tests read. */
export type LoggedActivity = {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id?: string; role?: string };
  channelData?: Record<string, unknown>;
};

export type Posted = { status: number; id?: string };

/**
 * A web chat over Direct Line's REST calls where every call names the instance it goes to (a bot's own URL or
 * nginx's): the token is good on every instance that shares DIRECT_LINE_SECRET.
 */
export type SharedChat = {
  conversationId: string;
  token: string;
  /** POSTs a message; the id of a 200. A refused connection (a killed instance) gives status 0. */
  post: (base: string, text: string) => Promise<Posted>;
  /** GET activities after `watermark`, and the watermark given with them */
  since: (base: string, watermark: number) => Promise<{ activities: LoggedActivity[]; watermark: number }>;
};

/** Takes a token from `tokenFrom` and starts the conversation on `startOn` (its welcome is stored before the 201). */
export async function openSharedChat(tokenFrom: string, startOn: string, locale = 'en-US'): Promise<SharedChat> {
  const generated = await fetch(`${tokenFrom}/v3/directline/tokens/generate`, { method: 'POST' });
  if (generated.status !== 200) throw new Error(`tokens/generate answered ${generated.status}`);
  const { token, conversationId } = (await generated.json()) as { token: string; conversationId: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = await fetch(`${startOn}/v3/directline/conversations`, { method: 'POST', headers, body: JSON.stringify({ locale }) });
  if (started.status !== 201) throw new Error(`starting the conversation answered ${started.status}`);
  await started.arrayBuffer();
  const path = (base: string) => `${base}/v3/directline/conversations/${conversationId}/activities`;
  return {
    conversationId,
    token,
    async post(base, text) {
      try {
        const response = await fetch(path(base), { method: 'POST', headers, body: JSON.stringify({ type: 'message', text, locale }) });
        const body = await response.text();
        return { status: response.status, id: response.status === 200 ? (JSON.parse(body) as { id: string }).id : undefined };
      } catch {
        return { status: 0 };
      }
    },
    async since(base, watermark) {
      const response = await fetch(`${path(base)}?watermark=${watermark}`, { headers });
      if (response.status !== 200) throw new Error(`GET activities on ${base} answered ${response.status}`);
      const page = (await response.json()) as { activities: LoggedActivity[]; watermark: string };
      return { activities: page.activities, watermark: Number(page.watermark) };
    },
  };
}

/** The merchant's messages of a log page. */
export const fromMerchant = (activities: LoggedActivity[]) => activities.filter((a) => a.from.role === 'user');

/**
 * What is wrong with a page of a conversation's log read after `watermark`: its activities must be numbered
 * watermark+1, watermark+2, … without a gap or a repeat, and the watermark given with it must be the last of them.
 * Empty when nothing is wrong.
 */
export function pageProblems(page: { activities: LoggedActivity[]; watermark: number }, watermark: number): string[] {
  const problems: string[] = [];
  page.activities.forEach((activity, i) => {
    if (seqOf(activity) !== watermark + i + 1) problems.push(`activity ${i} is number ${seqOf(activity)}, expected ${watermark + i + 1}`);
  });
  const last = page.activities.length > 0 ? seqOf(page.activities.at(-1) as LoggedActivity) : watermark;
  if (page.watermark !== last) problems.push(`the watermark is ${page.watermark}, the last activity is number ${last}`);
  return problems;
}
