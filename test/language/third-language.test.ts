import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../bot/config.js';
import { buildWidget } from '../../bot/web/bundles.js';
import { copyContent } from '../support/content-copy.js';
import { chat, testBot } from '../support/test-bot.js';

/** A copy of content/ and locales/ with a third language, made of files only: here Finnish, translated crudely from English. */
function withFinnish(): { content: string; locales: string } {
  const content = copyContent().dir;
  const locales = join(dirname(content), 'locales');
  cpSync('locales', locales, { recursive: true });
  for (const folder of ['guides', 'declines']) {
    for (const file of readdirSync(join(content, folder)).filter((f) => f.endsWith('.en.md'))) {
      const english = readFileSync(join(content, folder, file), 'utf8');
      const finnish = english
        .replace(/^locale: en$/m, 'locale: fi')
        .replace(/^title: (.*)$/m, 'title: (fi) $1')
        .replace(/^keywords:\n/m, file.startsWith('card-payments') ? 'keywords:\n  - korttimaksut\n' : 'keywords:\n');
      writeFileSync(join(content, folder, file.replace('.en.md', '.fi.md')), finnish);
    }
  }
  const english = readFileSync(join(content, 'languages', 'en.yaml'), 'utf8');
  writeFileSync(
    join(content, 'languages', 'fi.yaml'),
    english
      .replace(/^code: en$/m, 'code: fi')
      .replace(/^webchatLocale: .*$/m, 'webchatLocale: fi-FI')
      .replace(/^stopwords: \[/m, 'stopwords: [miten, voin, ottaa, käyttöön, '),
  );
  const portal = readFileSync(join(content, 'portal.yaml'), 'utf8');
  writeFileSync(join(content, 'portal.yaml'), portal.replace(/en: ([^,}\n]+)/g, 'en: $1, fi: $1'));
  cpSync(join(locales, 'en'), join(locales, 'fi'), { recursive: true });
  const bot = JSON.parse(readFileSync(join(locales, 'fi', 'bot.json'), 'utf8'));
  bot.answer.feedbackQuestion = 'Auttoiko tämä?';
  writeFileSync(join(locales, 'fi', 'bot.json'), JSON.stringify(bot));
  return { content, locales };
}

describe('a third language', () => {
  it('needs only content and locale files: the bot then answers in it', async () => {
    const { content, locales } = withFinnish();
    const parts = testBot({ CONTENT_DIR: content, LOCALES_DIR: locales });
    const merchant = chat(parts);
    const { answer, text } = await merchant.say('miten voin ottaa käyttöön korttimaksut', { locale: 'fi-FI' });
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'card-payments', locale: 'fi' });
    expect(text).toContain('(fi)');
    expect(text).toContain('Auttoiko tämä?');
  });

  it('needs only files in the widget too: the launcher is built with its webchatLocale from its language file', async () => {
    const { content, locales } = withFinnish();
    const widget = await buildWidget(readConfig({ CONTENT_DIR: content, LOCALES_DIR: locales }), '/widget/panel.js');
    // The settings go around the script as JSON: {"et":"et-EE","fi":"fi-FI",…}.
    expect(widget).toMatch(/\bfi"?:"fi-FI"/);
    expect(widget).toMatch(/\bet"?:"et-EE"/);
  });
});
