import type pg from 'pg';
import { pgText } from '../storage/postgres/values.js';
import { OpenConsoles, type Presence } from './presence.js';

export type PostgresPresenceOptions = {
  pool: pg.Pool;
  /** this instance's name in agent_presence; unique per running process */
  instanceId: string;
  /** how often this instance's rows are renewed (default 15 s) */
  heartbeatMs?: number;
  /** how long a row counts without renewal (default three heartbeats): a crashed instance's agents count that long */
  ttlMs?: number;
  /** a heartbeat that could not be written */
  onError?: (error: Error) => void;
};

// One statement per write: this instance's rows become exactly `agents` with a fresh expiry; expired rows of other
// (stopped or crashed) instances are removed on the way. The two deletes never touch the same row as the insert.
const WRITE = `WITH left_here AS (
    DELETE FROM agent_presence WHERE instance_id = $1 AND agent <> ALL($2::text[])
  ), expired AS (
    DELETE FROM agent_presence WHERE instance_id <> $1 AND expires_at < now()
  )
  INSERT INTO agent_presence (instance_id, agent, expires_at)
  SELECT $1, agent, now() + make_interval(secs => $3) FROM unnest($2::text[]) AS agent
  ON CONFLICT (instance_id, agent) DO UPDATE SET expires_at = excluded.expires_at`;

/**
 * Agents online across every instance on one database (migration 003, agent_presence). A console that opens or
 * closes writes this instance's rows at once; a heartbeat renews them. Writes run one after another in the order the
 * changes happened, and a count waits for this instance's pending write, so an agent who just opened a console here
 * is counted by the next handoff here.
 */
export function createPostgresPresence(options: PostgresPresenceOptions): Presence {
  const { pool, instanceId } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const ttlSeconds = (options.ttlMs ?? 3 * heartbeatMs) / 1000;
  const onError = options.onError ?? ((error: Error) => console.error('agent presence', error));
  const consoles = new OpenConsoles();
  let closed = false;
  // The write that has not started yet (later changes ride along with it), and the last one in line.
  let queued: Promise<void> | undefined;
  let last: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (queued) return queued;
    const next = last.then(async () => {
      queued = undefined;
      if (closed) return;
      await pool.query(WRITE, [instanceId, consoles.agents().map(pgText), ttlSeconds]);
    });
    queued = next;
    last = next.catch((error: Error) => onError(error));
    return next;
  };

  const heartbeat = setInterval(() => void write().catch(() => undefined), heartbeatMs);
  heartbeat.unref();

  return {
    join: (agent) => consoles.open(agent, () => void write().catch(() => undefined)),
    async agentsOnline() {
      await last;
      const { rows } = await pool.query<{ n: number }>('SELECT count(DISTINCT agent)::int AS n FROM agent_presence WHERE expires_at > now()');
      return rows[0]?.n ?? 0;
    },
    async close() {
      clearInterval(heartbeat);
      closed = true;
      await last;
      await pool.query('DELETE FROM agent_presence WHERE instance_id = $1', [instanceId]);
    },
  };
}
