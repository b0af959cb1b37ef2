import pg from 'pg';

const INT8 = 20;
const TIMESTAMPTZ = 1184;

const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ) as (value: string) => Date | number;

/**
 * How rows come back: BIGINT as a number (sequence numbers, eTags and epoch milliseconds all stay far below 2^53;
 * a larger one throws rather than lose digits), and TIMESTAMPTZ as the ISO-8601 string the SQLite stores keep, so a
 * store reads the same shapes on both engines. Everything else as pg does by default (JSONB parsed).
 */
export const rowTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== 'binary' && oid === INT8) return parseBigint;
    if (format !== 'binary' && oid === TIMESTAMPTZ) return parseIsoTime;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function parseBigint(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${value} does not fit a JavaScript number`);
  return n;
}

function parseIsoTime(value: string): string {
  const time = parseTimestamp(value);
  // 'infinity' and '-infinity' have no ISO form: left as PostgreSQL wrote them.
  return time instanceof Date && !Number.isNaN(time.getTime()) ? time.toISOString() : value;
}

/**
 * What failed, for `bot_database_errors_total{operation}`: a statement (a transaction's too, its COMMIT included),
 * getting a connection (none could be opened, none was free in time, or an idle one was lost), or the live events'
 * LISTEN connection (lost, or not opened again).
 */
export type DatabaseOperation = 'query' | 'connect' | 'listen';
export type DatabaseErrorListener = (operation: DatabaseOperation, error: Error) => void;

export type PoolOptions = {
  /** connections this instance may hold (default 10) */
  max?: number;
  /** shown in pg_stat_activity, so an operator can tell instances and roles apart */
  applicationName?: string;
  /**
   * Where errors of idle connections go (the server restarted, or an operator ended the backend). The pool drops that
   * connection and opens another when asked; without a listener such an error would end the process.
   */
  onError?: (error: Error) => void;
  /** every failed statement and connection of this pool (the /metrics counter); onError still logs the idle ones */
  onDatabaseError?: DatabaseErrorListener;
};

/** The value of DATABASE_URL, checked; undefined when it is not set (then the bot keeps its SQLite file). */
export function databaseUrlFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'DATABASE_URL must be a PostgreSQL connection URL (postgresql://user:password@host:5432/database), or be left unset to keep the SQLite file in DATA_DIR.',
    );
  }
  return url;
}

/**
 * A connection pool to the database at `url` (a postgresql:// URL; `?host=/folder` reaches a Unix socket). Every
 * statement run through it, by `pool.query` or on a checked-out connection, and every connection it fails to give, is
 * reported to `onDatabaseError`: the one place all the stores' SQL passes.
 */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const report = options.onDatabaseError;
  class ObservedClient extends pg.Client {}
  if (report) ObservedClient.prototype.query = observedQuery(report);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'montonio-support',
    types: rowTypes,
    // A database that does not answer in this long is down for this request; the caller reports it.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    Client: ObservedClient,
  });
  const onError = options.onError ?? ((error: Error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  pool.on('error', (error) => {
    report?.('connect', error);
    onError(error);
  });
  observeConnections(pool, report);
  return pool;
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: Error | boolean) => void) => void;

/**
 * `pool.connect` (which `pool.query` calls too) reporting a connection it could not give, and guarding the ones it
 * gives: pg emits 'error' on a checked-out connection that the server ends (a restart, pg_terminate_backend), and
 * with no listener that would end the process. The statement running then, or the next one, fails and is reported.
 */
function observeConnections(pool: pg.Pool, report: DatabaseErrorListener | undefined): void {
  const connect = pool.connect.bind(pool) as (callback: ConnectCallback) => void;
  const observed = (callback?: ConnectCallback): Promise<pg.PoolClient> | undefined => {
    if (!callback) return new Promise((resolve, reject) => observed((error, client) => (error || !client ? reject(error) : resolve(client))));
    connect((error, client, done) => {
      if (error) report?.('connect', error);
      if (client) guardWhileCheckedOut(client);
      callback(error, client, done);
    });
    return undefined;
  };
  pool.connect = observed as typeof pool.connect;
}

function guardWhileCheckedOut(client: pg.PoolClient): void {
  const lost = () => undefined;
  client.on('error', lost);
  const release = client.release;
  client.release = (error?: Error | boolean) => {
    client.off('error', lost);
    release(error);
  };
}

const LOCK_NOT_AVAILABLE = '55P03';

/** pg's Client#query, telling `report` of each statement that fails, in whichever form it was called. */
function observedQuery(report: DatabaseErrorListener): pg.Client['query'] {
  const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  const failed = (error: Error, statement: unknown) => {
    // A ROLLBACK that fails follows a failure already reported (most often the same lost connection).
    const text = typeof statement === 'string' ? statement : (statement as { text?: unknown } | undefined)?.text;
    // A lock not granted within lock_timeout is a busy conversation (the turn lock answers it), not a database fault.
    if (text !== 'ROLLBACK' && (error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) report('query', error);
  };
  return function (this: pg.Client, ...args: unknown[]) {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | null | undefined, result: unknown) => {
        if (error) failed(error, args[0]);
        callback(error, result);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    if (!(result instanceof Promise)) return result; // a Submittable (cursor, stream) reports through its own events
    return result.catch((error: Error) => {
      failed(error, args[0]);
      throw error;
    });
  } as pg.Client['query'];
}

/** What both a pool and a checked-out client can run: stores take this, so they work inside a transaction too. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/**
 * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws (and the error
 * goes on). A connection whose ROLLBACK fails is closed rather than returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
