import type { Activity, ConversationAccount } from 'botbuilder';
import type { Deliver } from '../handoff/merchant-outlet.js';
import type { ConversationLog } from '../storage/conversation-log.js';
import { createMemoryTokenUses, type TokenUses } from '../storage/token-uses.js';
import { createInProcessTurnLock, type TurnLock } from '../turn/turn-lock.js';
import type { ReadActivities, StreamHub } from './stream-hub.js';

export const CHANNEL_ID = 'directline';
export const BOT = { id: 'bot', name: 'Montonio', role: 'bot' };

export type WebChats = ReturnType<typeof createWebChats>;

/**
 * The web channel's conversations as stored and streamed: the log, the live streams, and the one way an activity gets
 * into a conversation (stamped, stored, then streamed once committed). Built before the bot, so the handoff desk can
 * be given `deliver` when it is made; the channel's turns (conversations.ts) write through `store` as well, one at a
 * time per conversation under `turnLock` (across instances when they share a database).
 */
export function createWebChats(deps: { log: ConversationLog; hub: StreamHub; tokenUses?: TokenUses; turnLock?: TurnLock; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const turnLock = deps.turnLock ?? createInProcessTurnLock();
  let lastStamp = 0;

  // Timestamps strictly increase, so Web Chat (which orders by them) keeps a turn's replies after the question.
  const stamp = () => {
    lastStamp = Math.max(now().getTime(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  async function store(conversationId: string, activities: Partial<Activity>[]): Promise<Activity[]> {
    if (activities.length === 0) return [];
    let questionId: string | undefined;
    const page = await deps.log.append(conversationId, activities, (activity, seq) => {
      const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
      const fromMerchant = activity.from?.role === 'user';
      if (fromMerchant) questionId = id;
      return {
        ...activity,
        id,
        timestamp: stamp(),
        channelId: CHANNEL_ID,
        conversation: { id: conversationId } as ConversationAccount,
        from: activity.from ?? BOT,
        replyToId: fromMerchant ? undefined : (questionId ?? activity.replyToId),
        serviceUrl: undefined,
      } as unknown as Activity;
    });
    // Streamed only once committed: a client never holds an activity or a watermark the file may not keep.
    deps.log.afterCommit((committed) => {
      if (committed) deps.hub.publish(conversationId, page);
    });
    return page.activities;
  }

  /** Activities from outside the bot (an agent's message, "Kadri has joined") into a conversation, as the bot's. */
  const deliver: Deliver = async (conversationId, activities) => {
    if (!(await deps.log.get(conversationId))) return { delivered: false, reason: 'notThisChannel' };
    const stored = await store(
      conversationId,
      activities.map((activity) => ({ type: 'message', ...activity, from: { ...BOT, ...activity.from, role: 'bot' } })),
    );
    return { delivered: true, ids: stored.map((activity) => activity.id as string) };
  };

  return { log: deps.log, hub: deps.hub, tokenUses: deps.tokenUses ?? createMemoryTokenUses(now), turnLock, now, stamp, store, deliver };
}

/**
 * How the streams read the log: once what is being written now is committed (SQLite commits a tick's writes together
 * when it ends), so a stream never gets an activity, or a watermark, that the file may not keep.
 */
export function committedActivities(log: ConversationLog): ReadActivities {
  return (conversationId, watermark) =>
    new Promise((resolve, reject) =>
      log.afterCommit(() => {
        try {
          resolve(log.since(conversationId, watermark));
        } catch (error) {
          reject(error);
        }
      }),
    );
}
