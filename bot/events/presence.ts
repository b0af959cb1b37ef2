/**
 * Which agents are online: an agent counts while at least one of their consoles is open, in any instance. The
 * handoff reads the count to decide between the queue and the request for an e-mail address.
 */
export type Presence = {
  /** an open console of `agent` in this instance; the function returned closes it (a second call does nothing) */
  join: (agent: string) => () => void;
  /** how many different agents have a console open, in every instance */
  agentsOnline: () => Promise<number>;
  close: () => Promise<void>;
};

/** The agents with consoles open in this instance, each with how many. */
export class OpenConsoles {
  private readonly counts = new Map<string, number>();

  /** counts one more console of `agent`; the function returned counts it out once */
  open(agent: string, changed: () => void = () => undefined): () => void {
    this.counts.set(agent, (this.counts.get(agent) ?? 0) + 1);
    if (this.counts.get(agent) === 1) changed();
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.counts.get(agent) ?? 1) - 1;
      if (left > 0) return void this.counts.set(agent, left);
      this.counts.delete(agent);
      changed();
    };
  }

  agents(): string[] {
    return [...this.counts.keys()];
  }
}

/** One instance (the SQLite default): the agents whose consoles are open in this process. */
export function createInProcessPresence(): Presence {
  const consoles = new OpenConsoles();
  return {
    join: (agent) => consoles.open(agent),
    agentsOnline: async () => consoles.agents().length,
    close: async () => undefined,
  };
}
