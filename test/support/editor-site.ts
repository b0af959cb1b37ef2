import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import type { BotParts } from '../../bot/bot.js';
import { hashPassword } from '../../bot/staff/password-hash.js';
import { readConfig } from '../../bot/config.js';
import type { Editor } from '../../bot/editor/editor.js';
import { createSite } from '../../bot/site.js';
import { type Answer, answerOf } from '../../bot/knowledge/answer.js';
import { copyContent } from './content-copy.js';

export const EDITOR = { name: 'eero', password: 'a long editor password' };
const HASH = hashPassword(EDITOR.password);

export type EditorSite = {
  url: string;
  parts: BotParts;
  editor: Editor;
  content: ReturnType<typeof copyContent>;
  /** a merchant's message through POST /api/messages, as a channel sends it */
  ask: (text: string, conversationId?: string, extra?: Partial<Activity>) => Promise<{ replies: Activity[]; answer: Answer; text: string }>;
  /** a signed-in editor: cookie and the page's CSRF token */
  signIn: () => Promise<{ cookie: string; csrf: string }>;
  stop: () => Promise<void>;
};

/** The whole site as main.ts builds it (bot, staff sign-in, editor with live reload) on a scratch copy of content/. */
export async function startEditorSite(env: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<EditorSite> {
  const content = copyContent();
  const config = readConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    CONTENT_DIR: content.dir,
    STAFF_USERS: `${EDITOR.name}:Eero Editor:editor:${HASH}`,
    ...env,
  });
  const site = await createSite(config, { now: options.now });
  const { bot: parts, editor } = site;
  const server: Server = site.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  site.attach(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    parts,
    editor,
    content,
    async ask(text, conversationId = `c-${Math.random().toString(36).slice(2)}`, extra = {}) {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text,
          channelId: 'test',
          conversation: { id: conversationId },
          from: { id: 'merchant' },
          recipient: { id: 'bot' },
          ...extra,
        }),
      });
      const replies = ((await response.json()) as { activities: Activity[] }).activities.filter((a) => a.type === 'message');
      return { replies, answer: answerOf(replies) as Answer, text: replies.map((r) => r.text ?? '').join('\n') };
    },
    async signIn() {
      const response = await fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
        body: new URLSearchParams({ name: EDITOR.name, password: EDITOR.password, next: '/editor' }),
      });
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const page = await (await fetch(`${url}/editor`, { headers: { cookie } })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      return { cookie, csrf };
    },
    async stop() {
      site.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await site.closeStorage();
    },
  };
}
