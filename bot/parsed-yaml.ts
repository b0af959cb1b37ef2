import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

/**
 * YAML that `npm run build` parsed ahead of time (content/'s front matter, language files and link map), kept beside
 * the compiled server by the SHA-256 of each text. The yaml package runs cold at boot, and parsing content was a third
 * of a compiled boot's work; a text edited since the build (or another CONTENT_DIR) is simply not found and is parsed
 * as always. From the sources (npm start, the tests) there is no such file: everything is parsed.
 */
const AHEAD = new URL('../parsed-yaml.json', import.meta.url);

let known: Map<string, unknown> | undefined;
let recording: Map<string, unknown> | undefined;

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

function load(): Map<string, unknown> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(AHEAD, 'utf8')) as Record<string, unknown>));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return new Map();
  }
}

/** What `text` parsed to at build time, if it is the same text; otherwise undefined (parse it, then `remember`). */
export function parsedAhead(text: string): { value: unknown } | undefined {
  known ??= load();
  if (known.size === 0) return undefined;
  const key = digest(text);
  return known.has(key) ? { value: known.get(key) } : undefined;
}

/** A text that parsed without errors into `value`; kept while the build records (a value JSON would change is not). */
export function remember(text: string, value: unknown): void {
  if (recording && isDeepStrictEqual(JSON.parse(JSON.stringify(value ?? null)), value ?? null)) recording.set(digest(text), value ?? null);
}

/** Takes `json` (what recordParsedYaml gave) as the build's file: how the tests run the compiled server's path. */
export function useParsedYaml(json: string): void {
  known = new Map(Object.entries(JSON.parse(json) as Record<string, unknown>));
}

/** The build: every text parsed while `work` runs, as the JSON file the compiled server reads. */
export function recordParsedYaml(work: () => void): string {
  recording = new Map();
  try {
    work();
    return JSON.stringify(Object.fromEntries(recording));
  } finally {
    recording = undefined;
  }
}
