import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorSite, startEditorSite } from '../support/editor-site.js';

async function waitFor(check: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('/editor over HTTP', () => {
  let site: EditorSite;
  let session: { cookie: string; csrf: string };
  const get = async (path: string) => (await fetch(`${site.url}${path}`, { headers: { cookie: session.cookie } })).text();
  const post = (path: string, fields: Record<string, string>, csrf = session.csrf) =>
    fetch(`${site.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, origin: site.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });

  beforeAll(async () => {
    site = await startEditorSite();
    session = await site.signIn();
  });
  afterAll(() => site.stop());

  it('is only for signed-in editors', async () => {
    const page = await fetch(`${site.url}/editor`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Feditor');
    expect((await fetch(`${site.url}/editor/missed.csv`)).status).toBe(401);
  });

  it('answers a try without recording it among what merchants asked', async () => {
    const html = await get(`/editor?lang=en&qlang=en&q=${encodeURIComponent('what is the weather in Tartu')}`);
    expect(html).toContain('finds no answer and offers a person');
    expect(await site.parts.records.turns()).toEqual([]);
  });

  it('adds a missed question to the chosen guide as a new example, checked, and the bot answers it from then on', async () => {
    const question = 'clients of my salon want to pay remotely';
    expect((await site.ask(question)).answer.kind).toBe('fallback');
    const file = join(site.content.dir, 'guides/payment-links.en.md');
    const original = readFileSync(file, 'utf8');

    const taken = site.parts.knowledge.current.content.topics.get('payment-links')?.get('en')?.phrases[0] as string;
    const refused = await post('/editor/phrases', { guideId: 'card-payments', locale: 'en', phrase: taken });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('is already an example of &#34;payment-links&#34;');

    const added = await post('/editor/phrases', { guideId: 'payment-links', locale: 'en', phrase: question });
    expect(added.status).toBe(303);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.indexOf(`  - ${question}`);
    expect(at).toBeGreaterThan(0);
    expect([...lines.slice(0, at), ...lines.slice(at + 1)].join('\n')).toBe(original);
    expect(lines[at + 1]).toMatch(/^article: /);
    expect((await site.ask(question)).answer).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
    expect(await get((added.headers.get('location') ?? '').replace('#', '&lang=en#'))).toContain(
      `Added as an example of payment-links (content/guides/payment-links.en.md:${at + 1})`,
    );
  });

  it('quotes a question that YAML would misread, and refuses one the guide would still not answer', async () => {
    expect((await post('/editor/phrases', { guideId: 'payment-links', locale: 'en', phrase: 'payment link: #1 question?' })).status).toBe(303);
    expect(readFileSync(join(site.content.dir, 'guides/payment-links.en.md'), 'utf8')).toContain('\n  - "payment link: #1 question?"\n');
    const refused = await post('/editor/phrases', { guideId: 'payment-links', locale: 'en', phrase: 'thanks a lot' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('would not be answered with it: add a keyword by hand instead.');
  });

  it('refuses a form without the page’s CSRF token', async () => {
    const response = await post('/editor/phrases', { guideId: 'shipping', locale: 'en', phrase: 'parcel lockers' }, 'forged');
    expect(response.status).toBe(403);
  });

  it('flags a guide whose one language changed after its translations were confirmed', async () => {
    expect((await post('/editor/translations', { id: 'api-keys' })).status).toBe(303);
    const row = async () => /<tr data-topic="api-keys"[\s\S]*?<\/tr>/.exec(await get('/editor?lang=en'))?.[0] ?? '';
    expect(await row()).toContain('Translations match');
    expect(readFileSync(join(site.content.dir, 'translations.yaml'), 'utf8')).toMatch(/^api-keys:\n {2}en: [0-9a-f]{16}\n {2}et: [0-9a-f]{16}$/m);

    const loaded = site.editor.live.status();
    site.content.edit('guides/api-keys.en.md', (t) => t.replace(/^summary: .*$/m, 'summary: Find your API keys under your store in the Partner System.'));
    await waitFor(() => site.editor.live.status() !== loaded);
    expect(await row()).toMatch(/Needs translation review[\s\S]*changed since the translations were last confirmed: EN/);
  });

  it('flags a guide reviewed later in one language when nobody has confirmed it yet', async () => {
    const loaded = site.editor.live.status();
    site.content.edit('translations.yaml', (t) => t.replace(/^bank-payments:\n(?: {2}.*\n)+/m, ''));
    site.content.edit('guides/bank-payments.et.md', (t) => t.replace(/^reviewed: .*$/m, 'reviewed: 2026-11-27'));
    await waitFor(() => site.editor.live.status() !== loaded);
    const row = /<tr data-topic="bank-payments"[\s\S]*?<\/tr>/.exec(await get('/editor?lang=en'))?.[0];
    expect(row).toMatch(/Needs translation review[\s\S]*reviewed later than the other language: ET/);
  });
});

describe('guides due for a review', () => {
  it('lists guides whose reviewed date is older than EDITOR_REVIEW_MAX_AGE_DAYS', async () => {
    const site = await startEditorSite({ EDITOR_REVIEW_MAX_AGE_DAYS: '30' }, { now: () => new Date('2027-01-15T10:00:00Z') });
    try {
      const { cookie } = await site.signIn();
      const html = await (await fetch(`${site.url}/editor?lang=en`, { headers: { cookie } })).text();
      expect(html).toContain('Due for review (reviewed more than 30 days ago)');
      expect(html).toMatch(/<li><strong>card-payments<\/strong> last reviewed 2026-11-\d\d<\/li>/);
    } finally {
      await site.stop();
    }
  });

  it('lists none while every review is recent', async () => {
    const site = await startEditorSite({}, { now: () => new Date('2026-12-01T10:00:00Z') });
    try {
      const { cookie } = await site.signIn();
      expect(await (await fetch(`${site.url}/editor?lang=et`, { headers: { cookie } })).text()).toContain('Ükski juhend ei vaja praegu ülevaatust.');
    } finally {
      await site.stop();
    }
  });
});
