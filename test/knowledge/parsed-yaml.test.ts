import { expect, it } from 'vitest';
import type { Guide } from '../../bot/knowledge/guide.js';
import { type Content, loadContent } from '../../bot/knowledge/load-content.js';
import { recordParsedYaml, useParsedYaml } from '../../bot/parsed-yaml.js';
import { copyContent } from '../support/content-copy.js';

/** Every guide's fields, and where its fields are in its file (lineOf), and what the languages and the link map hold. */
function seen(content: Content) {
  const guides = [...content.topics.values()].flatMap((byLocale) => [...byLocale.values()]);
  const fields = ({ lineOf: _, ...rest }: Guide) => rest;
  return {
    guides: guides.map(fields),
    lines: guides.map((g) => [g.lineOf(['id']), g.lineOf(['steps', 1, 'text']), g.lineOf(['phrases', 0])]),
    languages: [...content.languages.values()].map((l) => [l.code, l.webchatLocale, [...l.stopwords], l.stem('kaardimaksed'), l.handoff]),
    portal: content.portal,
  };
}

// The compiled server takes content/'s YAML as the build parsed it (bot/parsed-yaml.ts); the same files must give the
// same knowledge as parsing them, line numbers included, and a file changed since the build must be read anew.
it('gives the same content from the YAML parsed at build time as from parsing it, and parses what changed since', () => {
  const copy = copyContent();
  const json = recordParsedYaml(() => loadContent(copy.dir));
  const parsed = seen(loadContent(copy.dir));
  expect(Object.keys(JSON.parse(json)).length).toBeGreaterThanOrEqual(parsed.guides.length + parsed.languages.length + 1);

  useParsedYaml(json);
  expect(seen(loadContent(copy.dir))).toEqual(parsed);
  // It is the build's value that is taken, not a parse (a value changed in the file shows).
  const entries = JSON.parse(json) as Record<string, { id?: string; locale?: string; title?: string }>;
  for (const value of Object.values(entries)) if (value?.id === 'card-payments' && value.locale === 'et') value.title = 'As the build left it';
  useParsedYaml(JSON.stringify(entries));
  expect(loadContent(copy.dir).topics.get('card-payments')?.get('et')?.title).toBe('As the build left it');
  useParsedYaml(json);

  copy.edit('guides/card-payments.en.md', (text) => text.replace(/^title: .*$/m, 'title: Cards, changed after the build'));
  copy.edit('languages/en.yaml', (text) => text.replace(/^webchatLocale: .*$/m, 'webchatLocale: en-GB'));
  const changed = loadContent(copy.dir);
  expect(changed.topics.get('card-payments')?.get('en')?.title).toBe('Cards, changed after the build');
  expect(changed.languages.get('en')?.webchatLocale).toBe('en-GB');
  expect(changed.topics.get('card-payments')?.get('et')?.title).toBe(parsed.guides.find((g) => g.id === 'card-payments' && g.locale === 'et')?.title);
});
