import type { CaseEntry } from './handoff-store.js';

/** What the agent console hears live: the queue changed, a case changed, a line was added to a case. */
export type CaseEvent = { type: 'queue' } | { type: 'case'; caseId: string } | { type: 'entry'; caseId: string; entry: CaseEntry };

export type CaseEvents = {
  publish: (event: CaseEvent) => void;
  /** an open console; the agent counts as online while at least one of theirs is subscribed */
  subscribe: (agentName: string, listener: (event: CaseEvent) => void) => () => void;
  agentsOnline: () => number;
};

/** In-process fan-out. Several instances would put a shared bus (Redis pub/sub, PostgreSQL NOTIFY) behind the same calls. */
export function createCaseEvents(): CaseEvents {
  const listeners = new Set<{ agentName: string; listener: (event: CaseEvent) => void }>();
  return {
    publish(event) {
      for (const { listener } of listeners) listener(event);
    },
    subscribe(agentName, listener) {
      const entry = { agentName, listener };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    agentsOnline: () => new Set([...listeners].map((l) => l.agentName)).size,
  };
}
