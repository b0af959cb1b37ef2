import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../bot/knowledge/content-error.js';
import { loadContent } from '../../bot/knowledge/load-content.js';
import { copyContent } from '../support/content-copy.js';

function problemsOf(dir: string): string {
  try {
    loadContent(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as Error).message;
  }
  throw new Error('the content loaded although it is broken');
}

describe('loading content/', () => {
  it('loads every guide in Estonian and English', () => {
    const content = loadContent('content');
    const guides = [...content.topics.values()].filter((t) => [...t.values()][0]?.kind === 'guide');
    expect(guides.length).toBeGreaterThanOrEqual(8);
    for (const byLocale of content.topics.values()) expect([...byLocale.keys()].sort()).toEqual(['en', 'et']);
    expect(content.topics.get('card-payments')?.get('et')?.steps.length).toBeGreaterThan(0);
  });

  it('names the file and line of a guide whose front matter is broken', () => {
    const copy = copyContent();
    const file = copy.edit('guides/card-payments.et.md', (t) => t.replace(/^title: .*$/m, 'title: ['));
    expect(problemsOf(copy.dir)).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: YAML`));
  });

  it('says which field is missing', () => {
    const copy = copyContent();
    copy.edit('guides/shipping.en.md', (t) => t.replace(/^summary: .*\n/m, ''));
    expect(problemsOf(copy.dir)).toMatch(/shipping\.en\.md:\d+: summary: /);
  });

  it('refuses a guide that refines a service no guide has', () => {
    const copy = copyContent();
    copy.edit('guides/refundable-bank-payments.en.md', (t) => t.replace('refines: bank-payments', 'refines: bank-paymnets'));
    expect(problemsOf(copy.dir)).toMatch(/refundable-bank-payments\.en\.md:\d+: refines "bank-paymnets", which is not another guide's id/);
  });

  it('refuses a Partner System page that is not in the link map', () => {
    const copy = copyContent();
    copy.edit('guides/api-keys.en.md', (t) => t.replace(/^page: .*$/m, 'page: no-such-page'));
    expect(problemsOf(copy.dir)).toMatch(/api-keys\.en\.md:\d+: page "no-such-page" is not in content\/portal\.yaml/);
  });

  it('refuses a guide that exists in only one language', () => {
    const copy = copyContent();
    rmSync(join(copy.dir, 'guides/payment-links.et.md'));
    expect(problemsOf(copy.dir)).toMatch(/"payment-links" has no et version/);
  });

  it('refuses two guides with the same id and language', () => {
    const copy = copyContent();
    copy.edit('guides/shipping.et.md', (t) => t.replace(/^id: .*$/m, 'id: card-payments'));
    expect(problemsOf(copy.dir)).toMatch(/shipping\.et\.md:2: the file must be named card-payments\.et\.md/);
  });

  it('refuses a broken link map with its line', () => {
    const copy = copyContent();
    copy.edit('portal.yaml', (t) => t.replace(/path: \/stores\/\{storeId\}/, 'path: stores'));
    expect(problemsOf(copy.dir)).toMatch(/portal\.yaml:\d+: pages\.store\.path: must start with "\/"/);
  });
});
