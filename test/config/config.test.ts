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

  it('with DATABASE_URL, refuses to start without a DIRECT_LINE_SECRET shared by the instances', () => {
    const url = 'postgresql://bot@db:5432/montonio';
    expect(() => readConfig({ DATABASE_URL: url })).toThrow(/DIRECT_LINE_SECRET: must be set .* when DATABASE_URL is set/);
    expect(readConfig({ DATABASE_URL: url, DIRECT_LINE_SECRET: 'x'.repeat(32) }).DATABASE_URL).toBe(url);
    expect(() => readConfig({ DATABASE_URL: 'mysql://db/montonio' })).toThrow(/DATABASE_URL: must be a postgres/);
  });

  it('serves /metrics only with a token long enough not to be guessed', () => {
    expect(readConfig({}).METRICS_TOKEN).toBe('');
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
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
