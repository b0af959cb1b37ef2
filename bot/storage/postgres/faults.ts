// SQLSTATE classes that mean the database cannot take this write now, and a retry later may work: connection
// exceptions (08), insufficient resources such as a full disk (53), an operator or crash ending the server (57P),
// system I/O errors (58), and a transaction that lost a serialization race or a deadlock (40001, 40P01).
const SQLSTATE_FAULTS = /^(08|53|57P|58|40001$|40P01$)/;
// The network under the connection: refused, reset, timed out, the server's name not found (yet).
const NETWORK_FAULTS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// pg's own errors for a connection lost or a pool that could not hand one out in time carry no code.
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** Whether `error` from pg means PostgreSQL could not take the request now (the HTTP layer answers 503 with Retry-After). */
export function isPostgresFault(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return SQLSTATE_FAULTS.test(code) || NETWORK_FAULTS.has(code);
  return typeof message === 'string' && PG_MESSAGES.test(message);
}
