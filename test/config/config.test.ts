import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, readConfig } from '../../bot/config.js';

const keysIn = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1] as string).sort();

describe('configuration', () => {
  it('works with no variables at all', () => {
    expect(readConfig({})).toMatchObject({ PORT: 3978, DEFAULT_LOCALE: 'et', MicrosoftAppId: '' });
  });

  it('names every bad variable in one sentence that points at .env.example', () => {
    expect(() => readConfig({ PORT: 'eighty', PORTAL_BASE_URL: 'not a url' })).toThrow(/\.env\.example[\s\S]*PORT:[\s\S]*PORTAL_BASE_URL:/);
  });

  it('lists every variable in .env.example, each with a comment', () => {
    const example = readFileSync('.env.example', 'utf8');
    expect(keysIn(example, /^([A-Za-z_]+)=/gm)).toEqual([...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) expect(example, key).toMatch(new RegExp(`#[^\\n]*\\n${key}=`));
  });

  it('lists every variable in the README configuration table', () => {
    expect(keysIn(readFileSync('README.md', 'utf8'), /^\| `([A-Za-z_]+)` \|/gm)).toEqual(expect.arrayContaining([...CONFIG_KEYS]));
  });
});
