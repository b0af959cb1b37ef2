import { randomBytes } from 'node:crypto';
import type { Activity, ConversationAccount } from 'botbuilder';
import type { Logger } from '../logger.js';
import { cleanIncoming } from '../turn/intake.js';
import { maskSecrets } from '../secrets.js';
import { TYPING_DELAY_MS } from '../turn/create-turn.js';
import type { TurnRunner } from '../turn/turn-runner.js';
import type { ActivitySet } from './stream-hub.js';
import { BOT, CHANNEL_ID, type WebChats } from './web-chats.js';

export type ConversationsDeps = {
  /** the log and live streams the bot's parts were built with (the handoff desk delivers into them too) */
  chats: WebChats;
  run: TurnRunner;
  logger: Logger;
  /** bot activities the merchant must not see (handoff.* events) go here instead, e.g. to the agent side */
  onHidden?: (conversationId: string, activity: Activity) => void;
  /** MAX_MESSAGE_CHARS: the merchant's text is stored no longer than the bot reads it */
  maxMessageChars: number;
};

export type Conversations = ReturnType<typeof createConversations>;

// Fields a merchant's client may set; identity, ids and times are the server's.
const CLIENT_FIELDS = ['type', 'text', 'textFormat', 'locale', 'localTimestamp', 'value', 'name', 'channelData', 'attachments', 'entities'] as const;

/** The web channel's turns: one at a time per conversation, through the bot, stored and streamed with their replies. */
export function createConversations(deps: ConversationsDeps) {
  const { log, hub, stamp, store } = deps.chats;
  /** Turns of one conversation run one after another, as the merchant sent them, in whichever instance. */
  const serialized = <T>(conversationId: string, task: () => Promise<T>) => deps.chats.turnLock.run(conversationId, task);

  async function runTurn(conversationId: string, incoming: Partial<Activity>): Promise<Activity[]> {
    const typing = setTimeout(() => hub.typing(conversationId), TYPING_DELAY_MS);
    try {
      const replies = await deps.run(incoming);
      const hidden = replies.filter(isHidden);
      for (const activity of hidden) deps.onHidden?.(conversationId, activity);
      // The bot's own typing arrives with its answer (all replies come at once), too late to mean anything.
      return replies.filter((r) => !isHidden(r) && r.type !== 'typing').map((r) => ({ ...r, from: { ...BOT, ...r.from, role: 'bot' } }));
    } catch (error) {
      deps.logger.error('web chat turn failed', { conversationId, error: (error as Error).message });
      return [];
    } finally {
      clearTimeout(typing);
    }
  }

  return {
    async create(): Promise<{ conversationId: string; userId: string }> {
      const conversation = { id: randomId(), userId: `dl_${randomId()}`, createdAt: stamp() };
      await log.create(conversation);
      return { conversationId: conversation.id, userId: conversation.userId };
    },

    get: (conversationId: string) => log.get(conversationId),

    /** Deletes conversations whose token was taken `maxAgeMinutes` ago or more and that were never started. */
    expireUnstarted(maxAgeMinutes: number, now = deps.chats.now()): Promise<number> {
      return log.removeUnstarted(new Date(now.getTime() - maxAgeMinutes * 60_000).toISOString());
    },

    /** runs `work` and resolves once its writes are committed: a 200 or an id promises what is on disk */
    durably: <T>(work: () => T | Promise<T>) => log.durably(work),
    afterCommit: (listener: (committed: boolean) => void) => log.afterCommit(listener),

    /** The first start runs conversationUpdate, so the bot welcomes the merchant in `locale`. */
    async start(conversationId: string, userId: string, locale: string | undefined): Promise<void> {
      if (!(await log.markStarted(conversationId, stamp()))) return;
      const update: Partial<Activity> = {
        type: 'conversationUpdate',
        membersAdded: [{ id: userId, name: '' }],
        locale,
        conversation: { id: conversationId } as ConversationAccount,
        from: { id: userId, name: '', role: 'user' },
        channelId: CHANNEL_ID,
      };
      return serialized(conversationId, async () => void (await store(conversationId, await runTurn(conversationId, update))));
    },

    /** "Start over": the conversation ends and every token of it stops working. */
    async end(conversationId: string): Promise<void> {
      await log.markEnded(conversationId, stamp());
      hub.close(conversationId);
    },

    /** Runs the merchant's activity through the bot; stores and streams it (secrets masked) and the replies. Gives its id. */
    post(conversationId: string, userId: string, posted: Partial<Activity>): Promise<string> {
      const incoming: Partial<Activity> = {
        ...pick(posted),
        from: { id: userId, name: '', role: 'user' },
        conversation: { id: conversationId } as ConversationAccount,
        channelId: CHANNEL_ID,
        timestamp: new Date(),
      };
      if (incoming.type === 'typing') return Promise.resolve(`${conversationId}|typing`);
      return serialized(conversationId, async () => {
        const replies = await runTurn(conversationId, incoming);
        const [question] = await store(conversationId, [shownQuestion(incoming, replies, deps.maxMessageChars), ...replies]);
        return (question as Activity).id as string;
      });
    },

    since: async (conversationId: string, watermark: number): Promise<ActivitySet> => {
      const page = await log.since(conversationId, watermark);
      return { activities: page.activities, watermark: String(page.watermark) };
    },
  };
}

/** What the merchant sees of their own message: secrets masked, plain text, and in the language the bot answered in. */
function shownQuestion(incoming: Partial<Activity>, replies: Activity[], maxChars: number): Partial<Activity> {
  const answered = replies.find((r) => (r.channelData as { answer?: unknown } | undefined)?.answer)?.locale;
  const shown: Partial<Activity> = { ...incoming, text: typeof incoming.text === 'string' ? maskSecrets(incoming.text).text : incoming.text };
  cleanIncoming(shown, maxChars);
  const { text } = shown;
  shown.locale = answered ?? incoming.locale;
  if (typeof text === 'string') shown.textFormat = 'plain';
  delete shown.timestamp;
  return shown;
}

function isHidden(activity: Partial<Activity>): boolean {
  return activity.type === 'event' && (activity.name ?? '').startsWith('handoff.');
}

function pick(posted: Partial<Activity>): Partial<Activity> {
  const picked: Record<string, unknown> = {};
  for (const field of CLIENT_FIELDS) if (posted[field] !== undefined) picked[field] = posted[field];
  return picked as Partial<Activity>;
}

function randomId(): string {
  return randomBytes(12).toString('base64url');
}
