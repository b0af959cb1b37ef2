import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keysOf } from '../../bot/language/i18n.js';

const locales = readdirSync('locales');
const namespaces = (locale: string) => readdirSync(`locales/${locale}`).sort();
const keys = (locale: string, file: string) => keysOf(JSON.parse(readFileSync(`locales/${locale}/${file}`, 'utf8'))).sort();

describe('bot strings', () => {
  it('exist in Estonian and English', () => {
    expect(locales).toEqual(expect.arrayContaining(['et', 'en']));
  });

  it.each(locales)('%s has the same files and keys as et', (locale) => {
    expect(namespaces(locale)).toEqual(namespaces('et'));
    for (const file of namespaces('et')) expect(keys(locale, file), file).toEqual(keys('et', file));
  });
});
