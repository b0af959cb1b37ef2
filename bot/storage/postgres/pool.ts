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

/** A connection pool to the database at `url` (a postgresql:// URL; `?host=/folder` reaches a Unix socket). */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'montonio-support',
    types: rowTypes,
    // A database that does not answer in this long is down for this request; the caller reports it.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  const onError = options.onError ?? ((error: Error) => console.error('PostgreSQL connection lost', error));
  pool.on('error', onError);
  return pool;
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
