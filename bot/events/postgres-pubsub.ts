import pg from 'pg';
import type { DatabaseErrorListener, Queryable } from '../storage/postgres/pool.js';
import { checkChannel, dispatch, type EventHandler, type EventPayload, encodeEvent, type PubSub, Subscribers } from './pubsub.js';

export type PostgresPubSubOptions = {
  /** the database; the listening connection is its own (a pool's connections come and go, a LISTEN must stay) */
  url: string;
  /** events are sent through this pool's connections */
  pool: pg.Pool;
  /** the listening connection's name in pg_stat_activity */
  applicationName?: string;
  /** pauses between attempts to listen again after the connection was lost; the last one repeats (default 0 … 5 s) */
  reconnectDelaysMs?: number[];
  /** how often an idle listening connection is checked with a query (default 30 s), to notice a silent network */
  healthCheckMs?: number;
  /** a lost connection, a failed attempt, a handler that threw */
  onError?: (error: Error) => void;
  /** the listening connection lost, and each attempt to listen again that failed: `listen` (the /metrics counter) */
  onDatabaseError?: DatabaseErrorListener;
};

export type PostgresPubSub = PubSub & {
  /** whether the listening connection is up now (for readiness checks) */
  listening: () => boolean;
};

const DEFAULT_DELAYS_MS = [0, 100, 250, 500, 1000, 2000, 5000];

/** Sends an event in `db`'s transaction, if it is in one: receivers get it only when the rows it points at commit. */
export async function notifyIn(db: Queryable, channel: string, payload: EventPayload): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [channel, encodeEvent(channel, payload)]);
}

/**
 * Events between instances with PostgreSQL's LISTEN/NOTIFY. One dedicated connection listens on every subscribed
 * channel. When it is lost (the server restarted, an operator ended it, the network failed a health check) it is
 * opened again with growing pauses, listens again on every channel, and only then calls the onReconnect hooks, so a
 * receiver that re-reads from its watermark then misses nothing: events sent while nobody listened are gone.
 * Resolves once the first connection listens; rejects if the database cannot be reached then.
 */
export async function createPostgresPubSub(options: PostgresPubSubOptions): Promise<PostgresPubSub> {
  const onError = options.onError ?? ((error: Error) => console.error('PostgreSQL event listener', error));
  const delays = options.reconnectDelaysMs ?? DEFAULT_DELAYS_MS;
  const subscribers = new Subscribers();
  const hooks = new Set<() => void | Promise<void>>();
  let current: pg.Client | undefined;
  let closed = false;
  let reconnecting = false;
  // Only a connection that once listened is opened again; a first connection that fails is the caller's error.
  let started = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({
      connectionString: options.url,
      application_name: options.applicationName ?? 'montonio-support-events',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
    });
    client.on('notification', (message) => {
      if (client === current && message.payload !== undefined) dispatch(subscribers.of(message.channel), message.payload, onError);
    });
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      if (closed) throw new Error('closed');
      // From here a subscribe sends its own LISTEN on this connection; the channels subscribed before are listed now.
      current = client;
      for (const channel of subscribers.channels()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      if (current === client) current = undefined;
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
  };

  const lost = (client: pg.Client, error?: Error) => {
    if (client !== current) return;
    current = undefined;
    const problem = new Error(`The event listener lost its connection${error ? `: ${error.message}` : ''}; listening again.`, { cause: error });
    options.onDatabaseError?.('listen', problem);
    onError(problem);
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (!closed && started) void reconnect();
  };

  const reconnect = async () => {
    if (reconnecting) return;
    reconnecting = true;
    // Until a connection is up and listening: one that drops again at once makes the loop go round again.
    for (let attempt = 0; !closed && !current; attempt++) {
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      if (delay > 0) {
        await new Promise<void>((resolve) => {
          retryTimer = setTimeout(resolve, delay);
        });
      }
      if (closed) break;
      try {
        await connect();
      } catch (error) {
        if (closed) break;
        const problem = new Error(`The event listener could not connect (attempt ${attempt + 1}): ${(error as Error).message}`, { cause: error });
        options.onDatabaseError?.('listen', problem);
        onError(problem);
      }
    }
    reconnecting = false;
    if (closed || !current) return;
    for (const hook of hooks) {
      Promise.resolve()
        .then(hook)
        .catch((error: Error) => onError(error));
    }
  };

  const healthCheck = setInterval(() => {
    const client = current;
    if (!client) return;
    client.query('SELECT 1').catch((error: Error) => lost(client, error));
  }, options.healthCheckMs ?? 30_000);
  healthCheck.unref();

  try {
    await connect();
    started = true;
  } catch (error) {
    closed = true;
    clearInterval(healthCheck);
    throw error;
  }

  return {
    async publish(channel, payload) {
      if (closed) throw new Error('The event bus is closed.');
      await notifyIn(options.pool, channel, payload);
    },
    async subscribe(channel, handler) {
      checkChannel(channel);
      const entry: EventHandler = (payload) => handler(payload);
      const first = subscribers.add(channel, entry);
      const client = current;
      if (first && client) {
        try {
          await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (error) {
          // The connection went meanwhile: the next one listens on this channel and the hooks say so.
          if (client === current) {
            subscribers.remove(channel, entry);
            throw error;
          }
        }
      }
      return async () => {
        if (!subscribers.remove(channel, entry)) return;
        await current?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      };
    },
    onReconnect(hook) {
      hooks.add(hook);
      return () => {
        hooks.delete(hook);
      };
    },
    listening: () => current !== undefined,
    async close() {
      closed = true;
      clearInterval(healthCheck);
      clearTimeout(retryTimer);
      const client = current;
      current = undefined;
      if (client) {
        client.removeAllListeners('end');
        client.on('error', () => undefined);
        await client.end().catch(() => undefined);
      }
    },
  };
}
