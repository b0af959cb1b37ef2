import type { Activity } from 'botbuilder';
import { afterAll, describe, expect, it } from 'vitest';
import { createConversations } from '../../bot/channel/conversations.js';
import type { ActivitySet, StreamHub } from '../../bot/channel/stream-hub.js';
import { createWebChats } from '../../bot/channel/web-chats.js';
import { createLogger } from '../../bot/logger.js';
import type { ConversationLog } from '../../bot/storage/conversation-log.js';
import { createSqliteConversationLog } from '../../bot/storage/sqlite-conversation-log.js';
import { openDatabase } from '../../bot/storage/database.js';
import type { TurnRunner } from '../../bot/turn/turn-runner.js';
import { describePostgres } from '../support/postgres.js';
import { postgresChatEngine } from '../storage/chat-engines.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Engine = { name: string; log: () => Promise<ConversationLog>; wrap: (name: string, body: () => void) => void };

// The channel core on both engines' logs: SQLite in memory, and PostgreSQL (a database for the file, dropped at the end).
let postgres: Awaited<ReturnType<typeof postgresChatEngine>> | undefined;
afterAll(async () => {
  await postgres?.close();
});
const engines: Engine[] = [
  { name: 'SQLite', log: async () => createSqliteConversationLog(openDatabase(':memory:')), wrap: describe },
  {
    name: 'PostgreSQL',
    log: async () => {
      postgres ??= await postgresChatEngine('conversations');
      return postgres.open().log;
    },
    wrap: describePostgres,
  },
];

/** The channel core with a stand-in bot: what the hub pushes live is recorded instead of sent over sockets. */
async function setup(engine: Engine, run: TurnRunner) {
  const pushed: ActivitySet[] = [];
  const hidden: Activity[] = [];
  const hub: StreamHub = {
    add: () => undefined,
    publish: (_id, page) => void pushed.push({ activities: page.activities, watermark: String(page.watermark) }),
    typing: () => void pushed.push({ activities: [{ type: 'typing' } as Activity] }),
    close: () => undefined,
    closeAll: () => undefined,
  };
  const conversations = createConversations({
    chats: createWebChats({ log: await engine.log(), hub }),
    run,
    logger: createLogger('silent'),
    onHidden: (_id, activity) => void hidden.push(activity),
    maxMessageChars: 2000,
  });
  const { conversationId, userId } = await conversations.create();
  return { conversations, conversationId, userId, pushed, hidden };
}

const reply = (text: string, extra: Partial<Activity> = {}) => ({ type: 'message', text, ...extra }) as Activity;

for (const engine of engines) {
  engine.wrap(`web channel conversations on ${engine.name}`, () => {
    it('shows typing live while a slow turn works, and never stores it', async () => {
      const { conversations, conversationId, userId, pushed } = await setup(engine, async () => {
        await sleep(450);
        return [reply('done')];
      });
      // As the router answers: once the turn's rows are committed, which is when they are streamed.
      await conversations.durably(() => conversations.post(conversationId, userId, { type: 'message', text: 'hi' }));
      expect(pushed.map((set) => set.activities.map((a) => a.type))).toEqual([['typing'], ['message', 'message']]);
      expect(pushed[0]?.watermark).toBeUndefined();
      expect((await conversations.since(conversationId, 0)).activities.map((a) => a.type)).toEqual(['message', 'message']);
    });

    it('passes handoff events to the agent side instead of the merchant', async () => {
      const { conversations, conversationId, userId, hidden } = await setup(engine, async () => [
        reply('Passing you to a colleague.'),
        { type: 'event', name: 'handoff.initiate', value: { reason: 'accepted' } } as Activity,
      ]);
      await conversations.post(conversationId, userId, { type: 'message', text: 'human please' });
      expect(hidden.map((a) => a.name)).toEqual(['handoff.initiate']);
      expect((await conversations.since(conversationId, 0)).activities.map((a) => a.type)).toEqual(['message', 'message']);
    });

    it('runs the turns of one conversation in the order they were sent', async () => {
      const { conversations, conversationId, userId } = await setup(engine, async (activity) => {
        await sleep(activity.text === 'first' ? 120 : 5);
        return [reply(`answer to ${activity.text}`)];
      });
      await Promise.all([
        conversations.post(conversationId, userId, { type: 'message', text: 'first' }),
        conversations.post(conversationId, userId, { type: 'message', text: 'second' }),
      ]);
      expect((await conversations.since(conversationId, 0)).activities.map((a) => a.text)).toEqual(['first', 'answer to first', 'second', 'answer to second']);
    });

    it('keeps the merchant’s message in the language the bot answered in, with the identity from the token', async () => {
      const { conversations, conversationId, userId } = await setup(engine, async () => [
        reply('Card payments…', { locale: 'en-US', channelData: { answer: { kind: 'guide', locale: 'en' } } }),
      ]);
      await conversations.post(conversationId, userId, { type: 'message', text: 'card payments?', locale: 'et-EE', from: { id: 'someone-else', name: 'x' } });
      const [question] = (await conversations.since(conversationId, 0)).activities;
      expect(question).toMatchObject({ locale: 'en-US', textFormat: 'plain', from: { id: userId, role: 'user' } });
    });

    it('keeps the merchant’s message when the turn fails', async () => {
      const { conversations, conversationId, userId } = await setup(engine, async () => {
        throw new Error('boom');
      });
      await conversations.post(conversationId, userId, { type: 'message', text: 'hello?' });
      expect((await conversations.since(conversationId, 0)).activities.map((a) => a.text)).toEqual(['hello?']);
    });
  });
}
