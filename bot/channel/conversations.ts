import { randomBytes } from 'node:crypto';
import type { Activity, ConversationAccount } from 'botbuilder';
import type { Logger } from '../logger.js';
import { cleanIncoming } from '../turn/intake.js';
import { maskSecrets } from '../secrets.js';
import type { ConversationLog } from '../storage/conversation-log.js';
import { TYPING_DELAY_MS } from '../turn/create-turn.js';
import type { TurnRunner } from '../turn/turn-runner.js';
import type { ActivitySet, StreamHub } from './stream-hub.js';

export const CHANNEL_ID = 'directline';
export const BOT = { id: 'bot', name: 'Montonio', role: 'bot' };

export type ConversationsDeps = {
  log: ConversationLog;
  hub: StreamHub;
  run: TurnRunner;
  logger: Logger;
  /** bot activities the merchant must not see (handoff.* events) go here instead, e.g. to the agent side */
  onHidden?: (conversationId: string, activity: Activity) => void;
  /** MAX_MESSAGE_CHARS: the merchant's text is stored no longer than the bot reads it */
  maxMessageChars: number;
  now?: () => Date;
};

export type Conversations = ReturnType<typeof createConversations>;

// Fields a merchant's client may set; identity, ids and times are the server's.
const CLIENT_FIELDS = ['type', 'text', 'textFormat', 'locale', 'localTimestamp', 'value', 'name', 'channelData', 'attachments', 'entities'] as const;

export function createConversations(deps: ConversationsDeps) {
  const queues = new Map<string, Promise<unknown>>();
  let lastStamp = 0;

  // Timestamps strictly increase, so Web Chat (which orders by them) keeps a turn's replies after the question.
  const stampTime = () => {
    lastStamp = Math.max((deps.now?.() ?? new Date()).getTime(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  /** Turns of one conversation run one after another, as the merchant sent them. */
  function serialized<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    queues.set(conversationId, settled);
    void settled.then(() => queues.get(conversationId) === settled && queues.delete(conversationId));
    return next;
  }

  function store(conversationId: string, activities: Partial<Activity>[]): Activity[] {
    if (activities.length === 0) return [];
    let questionId: string | undefined;
    const page = deps.log.append(conversationId, activities, (activity, seq) => {
      const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
      const fromMerchant = activity.from?.role === 'user';
      if (fromMerchant) questionId = id;
      return {
        ...activity,
        id,
        timestamp: stampTime(),
        channelId: CHANNEL_ID,
        conversation: { id: conversationId } as ConversationAccount,
        from: activity.from ?? BOT,
        replyToId: fromMerchant ? undefined : (questionId ?? activity.replyToId),
        serviceUrl: undefined,
      } as unknown as Activity;
    });
    // Streamed only once committed: a client never holds an activity or a watermark the file may not keep.
    deps.log.afterCommit((committed) => {
      if (committed) deps.hub.publish(conversationId, { activities: page.activities, watermark: String(page.watermark) });
    });
    return page.activities;
  }

  async function runTurn(conversationId: string, incoming: Partial<Activity>): Promise<Activity[]> {
    const typing = setTimeout(() => deps.hub.publish(conversationId, typingSet(conversationId)), TYPING_DELAY_MS);
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
    create(): { conversationId: string; userId: string } {
      const conversation = { id: randomId(), userId: `dl_${randomId()}`, createdAt: stampTime() };
      deps.log.create(conversation);
      return { conversationId: conversation.id, userId: conversation.userId };
    },

    get: (conversationId: string) => deps.log.get(conversationId),

    /** Deletes conversations whose token was taken `maxAgeMinutes` ago or more and that were never started. */
    expireUnstarted(maxAgeMinutes: number, now = deps.now?.() ?? new Date()): number {
      return deps.log.removeUnstarted(new Date(now.getTime() - maxAgeMinutes * 60_000).toISOString());
    },

    /** runs `work` and resolves once its writes are committed: a 200 or an id promises what is on disk */
    durably: <T>(work: () => T | Promise<T>) => deps.log.durably(work),
    afterCommit: (listener: (committed: boolean) => void) => deps.log.afterCommit(listener),

    /** The first start runs conversationUpdate, so the bot welcomes the merchant in `locale`. */
    start(conversationId: string, userId: string, locale: string | undefined): Promise<void> {
      if (!deps.log.markStarted(conversationId, stampTime())) return Promise.resolve();
      const update: Partial<Activity> = {
        type: 'conversationUpdate',
        membersAdded: [{ id: userId, name: '' }],
        locale,
        conversation: { id: conversationId } as ConversationAccount,
        from: { id: userId, name: '', role: 'user' },
        channelId: CHANNEL_ID,
      };
      return serialized(conversationId, async () => void store(conversationId, await runTurn(conversationId, update)));
    },

    /** "Start over": the conversation ends and every token of it stops working. */
    end(conversationId: string): void {
      deps.log.markEnded(conversationId, stampTime());
      deps.hub.close(conversationId);
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
        const [question] = store(conversationId, [shownQuestion(incoming, replies, deps.maxMessageChars), ...replies]);
        return (question as Activity).id as string;
      });
    },

    /** Pushes an activity from outside the bot (an agent) into the conversation; undefined when there is no such conversation. */
    deliver(conversationId: string, activity: Partial<Activity>): string | undefined {
      if (!deps.log.get(conversationId)) return undefined;
      return store(conversationId, [{ type: 'message', ...activity, from: { ...BOT, ...activity.from, role: 'bot' } }])[0]?.id;
    },

    since: (conversationId: string, watermark: number): ActivitySet => {
      const page = deps.log.since(conversationId, watermark);
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

function typingSet(conversationId: string): ActivitySet {
  return { activities: [{ type: 'typing', id: `${conversationId}|typing`, from: BOT, conversation: { id: conversationId } } as unknown as Activity] };
}

function pick(posted: Partial<Activity>): Partial<Activity> {
  const picked: Record<string, unknown> = {};
  for (const field of CLIENT_FIELDS) if (posted[field] !== undefined) picked[field] = posted[field];
  return picked as Partial<Activity>;
}

function randomId(): string {
  return randomBytes(12).toString('base64url');
}
