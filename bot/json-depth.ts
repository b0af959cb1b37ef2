import type { IncomingMessage } from 'node:http';

// An activity nests a few levels (channelData, an Adaptive Card's containers); 64 leaves room and stops the
// thousands-deep bodies that overflow the stack of whatever walks them later.
export const MAX_JSON_DEPTH = 64;

/** How deep a JSON text nests, read from its bytes before parsing (strings and escapes skipped). */
export function jsonDepth(bytes: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

/** For express.json({ verify }): a body nested deeper than MAX_JSON_DEPTH is a 400 before it is parsed. */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, bytes: Buffer): void {
  if (jsonDepth(bytes) <= MAX_JSON_DEPTH) return;
  throw Object.assign(new Error(`The JSON nests deeper than ${MAX_JSON_DEPTH} levels.`), { status: 400, type: 'entity.too.deep', expose: true });
}
