import { randomBytes } from 'node:crypto';
import type { EventPayload, PubSub } from '../events/pubsub.js';
import { createInProcessPresence, type Presence } from '../events/presence.js';
import type { CaseEntry } from './handoff-store.js';

/**
 * What the agent console hears live: a case's place in the queue changed (opened, taken, closed, cancelled, expired),
 * something else of a case changed (an e-mail answer went out or failed), a line was added to a case.
 */
export type CaseEvent = { type: 'queue'; caseId: string } | { type: 'case'; caseId: string } | { type: 'entry'; caseId: string; entry: CaseEntry };

export type CaseEvents = {
  publish: (event: CaseEvent) => void;
  /** an open console; the agent counts as online while at least one of theirs is subscribed, in any instance */
  subscribe: (agentName: string, listener: (event: CaseEvent) => void) => () => void;
  agentsOnline: () => Promise<number>;
  /** the server's own listeners (the merchants' queue positions); they do not count as agents. `here`: published in this instance */
  watch: (listener: (event: CaseEvent, here: boolean) => void) => () => void;
  /** `hook` runs when events from other instances may have been missed: a listener reads again what it shows */
  onReconnect: (hook: () => void) => () => void;
  close: () => Promise<void>;
};

/** The channel the case events of all instances share; an event is a pointer: {origin, type, caseId, seq?}. */
export const CASE_CHANNEL = 'handoff.cases';

export type CaseEventsDeps = {
  /** events to and from the other instances (coordination.ts); without it, this instance's only */
  bus?: PubSub;
  /** agents online; without it, this instance's consoles */
  presence?: Presence;
  /** a case's lines: an entry announced by another instance is read from here */
  entries?: (caseId: string) => CaseEntry[] | Promise<CaseEntry[]>;
  onError?: (error: Error) => void;
};

/**
 * Fans case events out to this instance's consoles and watchers at once, and announces each to the other instances
 * as a pointer ({caseId}, and an entry's seq), never the case itself. A pointer from another instance becomes the
 * same event here: the entry it names is read from the store; for the rest the listeners read the case themselves.
 */
export function createCaseEvents(deps: CaseEventsDeps = {}): CaseEvents {
  const onError = deps.onError ?? ((error: Error) => console.error('case events', error));
  const presence = deps.presence ?? createInProcessPresence();
  // Tells this instance's own pointers apart when the bus brings them back.
  const origin = randomBytes(6).toString('base64url');
  const listeners = new Set<(event: CaseEvent) => void>();
  const watchers = new Set<(event: CaseEvent, here: boolean) => void>();

  const dispatch = (event: CaseEvent, here: boolean) => {
    for (const listener of [...listeners]) listener(event);
    for (const watcher of [...watchers]) watcher(event, here);
  };

  const eventOf = async (pointer: EventPayload): Promise<CaseEvent | undefined> => {
    const { type, caseId, seq } = pointer;
    if (typeof caseId !== 'string') return undefined;
    if (type === 'queue' || type === 'case') return { type, caseId };
    if (type !== 'entry' || typeof seq !== 'number' || !deps.entries) return undefined;
    const entry = (await deps.entries(caseId)).find((e) => e.seq === seq);
    return entry && { type, caseId, entry };
  };

  // Pointers from elsewhere are turned into events one at a time, so a case's lines arrive in the order written.
  let arriving = Promise.resolve();
  const fromElsewhere = (pointer: EventPayload) => {
    if (pointer.origin === origin) return;
    arriving = arriving
      .then(async () => {
        const event = await eventOf(pointer);
        if (event) dispatch(event, false);
      })
      .catch((error: Error) => onError(error));
  };
  let sending = Promise.resolve();
  const subscription = deps.bus?.subscribe(CASE_CHANNEL, fromElsewhere);
  subscription?.catch((error: Error) => onError(new Error(`The console will not hear other instances: ${error.message}`, { cause: error })));

  return {
    publish(event) {
      dispatch(event, true);
      const pointer = { origin, type: event.type, caseId: event.caseId, ...(event.type === 'entry' ? { seq: event.entry.seq } : {}) };
      // One after another, so the other instances hear them in the order they happened.
      const bus = deps.bus;
      if (bus) sending = sending.then(() => bus.publish(CASE_CHANNEL, pointer)).catch((error: Error) => onError(error));
    },
    watch(listener) {
      watchers.add(listener);
      return () => void watchers.delete(listener);
    },
    subscribe(agentName, listener) {
      const entry = (event: CaseEvent) => listener(event);
      listeners.add(entry);
      const leave = presence.join(agentName);
      return () => {
        listeners.delete(entry);
        leave();
      };
    },
    agentsOnline: () => presence.agentsOnline(),
    onReconnect: (hook) => deps.bus?.onReconnect(hook) ?? (() => undefined),
    async close() {
      const unsubscribe = await subscription?.catch(() => undefined);
      await unsubscribe?.();
    },
  };
}
