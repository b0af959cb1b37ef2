import type { CaseEntry } from './handoff-store.js';

/**
 * What the agent console hears live: a case's place in the queue changed (opened, taken, closed, cancelled, expired),
 * something else of a case changed (an e-mail answer went out or failed), a line was added to a case.
 */
export type CaseEvent = { type: 'queue'; caseId: string } | { type: 'case'; caseId: string } | { type: 'entry'; caseId: string; entry: CaseEntry };

export type CaseEvents = {
  publish: (event: CaseEvent) => void;
  /** an open console; the agent counts as online while at least one of theirs is subscribed */
  subscribe: (agentName: string, listener: (event: CaseEvent) => void) => () => void;
  agentsOnline: () => number;
  /** the server's own listeners (the merchants' queue positions); they do not count as agents */
  watch: (listener: (event: CaseEvent) => void) => () => void;
};

/** In-process fan-out. Several instances would put a shared bus (Redis pub/sub, PostgreSQL NOTIFY) behind the same calls. */
export function createCaseEvents(): CaseEvents {
  const listeners = new Set<{ agentName: string; listener: (event: CaseEvent) => void }>();
  const watchers = new Set<(event: CaseEvent) => void>();
  return {
    publish(event) {
      for (const { listener } of listeners) listener(event);
      for (const watcher of watchers) watcher(event);
    },
    watch(listener) {
      watchers.add(listener);
      return () => void watchers.delete(listener);
    },
    subscribe(agentName, listener) {
      const entry = { agentName, listener };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    agentsOnline: () => new Set([...listeners].map((l) => l.agentName)).size,
  };
}
