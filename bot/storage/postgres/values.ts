/**
 * Values as PostgreSQL takes them. TEXT cannot hold U+0000 at all, and JSONB refuses "\u0000" inside a string, while
 * SQLite keeps both: a merchant who pastes a NUL would make a turn fail here and not there. The stores write every
 * client-given string through these, which put U+FFFD (the replacement character) in its place.
 */
const REPLACEMENT = '\uFFFD';

/** A string for a TEXT column. */
export function pgText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', REPLACEMENT) : value;
}

/** JSON text for a JSONB parameter (pass the string, not the object: pg would serialize an array as a PostgreSQL array). */
export function pgJson(value: unknown): string {
  const json: string | undefined = JSON.stringify(value, (_key, v) => (typeof v === 'string' ? pgText(v) : v));
  if (json === undefined) throw new TypeError('pgJson: the value has no JSON form');
  // Keys are not passed through the replacer; a NUL in one (never seen) still reaches the JSON as \u0000.
  return json.includes('\\u0000') ? JSON.stringify(JSON.parse(json), stripKeys) : json;
}

function stripKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [pgText(k), v]));
}
