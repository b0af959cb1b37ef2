/**
 * One turn at a time per conversation. botbuilder's ConversationState saves with eTag '*', so two turns of one
 * conversation running at once (on one instance or on two) would each write back what they read, and the later save
 * would silently undo the earlier one. Every turn that loads and saves a conversation's state runs inside `run`.
 */
export type TurnLock = {
  /**
   * Runs `task` once no other turn of `conversationId` runs, in this instance or (PostgreSQL) any other; turns asked
   * for in one instance run in the order they were asked. Resolves or rejects as `task` did; a failed task frees the
   * conversation for the next.
   */
  run: <T>(conversationId: string, task: () => Promise<T>) => Promise<T>;
};

/**
 * A turn that waited its whole time for an earlier turn of its conversation (on this instance or another) and was not
 * run: nothing of it was stored. The HTTP layer answers 503 with Retry-After, and the widget offers to send it again.
 */
export class TurnBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`An earlier message of this conversation was still being answered after ${waitedMs} ms; this one was not taken. Send it again in a moment.`);
  }
}

/** One instance (the SQLite default): the turns of each conversation queue behind each other in memory. */
export function createInProcessTurnLock(): TurnLock {
  const queues = new Map<string, Promise<unknown>>();
  return {
    run(conversationId, task) {
      const previous = queues.get(conversationId) ?? Promise.resolve();
      const next = previous.then(task, task);
      const settled = next.catch(() => undefined);
      queues.set(conversationId, settled);
      // The last turn of a conversation takes its queue with it: an idle conversation costs nothing.
      void settled.then(() => queues.get(conversationId) === settled && queues.delete(conversationId));
      return next;
    },
  };
}
