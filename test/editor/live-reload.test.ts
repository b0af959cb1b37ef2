import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorSite, startEditorSite } from '../support/editor-site.js';

// The promise to editors: a save shows in the answers within two seconds.
const RELOAD_BUDGET_MS = 2_000;

async function within<T>(ms: number, attempt: () => Promise<T | undefined>): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return { value, elapsed: Date.now() - started };
    if (Date.now() - started > ms) throw new Error(`nothing changed within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live reload of content/ in a running server', () => {
  let site: EditorSite;
  beforeAll(async () => {
    site = await startEditorSite();
  });
  afterAll(() => site.stop());

  it('answers from an edited guide on the next turn, within two seconds, without a restart', async () => {
    const before = await site.ask('how do I enable card payments');
    expect(before.answer).toMatchObject({ kind: 'guide', guideId: 'card-payments', locale: 'en' });
    expect(before.text).toContain('**Activating card payments**');

    site.content.edit('guides/card-payments.en.md', (t) =>
      t
        .replace('title: Activating card payments', 'title: Switching on card payments')
        .replace('Pick the store that should accept', 'Choose the shop that should accept'),
    );
    const { value, elapsed } = await within(RELOAD_BUDGET_MS, async () => {
      const reply = await site.ask('how do I enable card payments');
      return reply.text.includes('**Switching on card payments**') ? reply : undefined;
    });
    expect(elapsed).toBeLessThan(RELOAD_BUDGET_MS);
    expect(value.text).toContain('2. Choose the shop that should accept card payments');
  });

  it('keeps answering from the last good content when a save is broken, and shows why on the editor page', async () => {
    site.content.edit('guides/card-payments.en.md', (t) => t.replace(/^title: .*$/m, 'title: [unclosed'));
    await within(RELOAD_BUDGET_MS, async () => (site.editor.live.status().state === 'failed' ? true : undefined));

    const during = await site.ask('how do I enable card payments');
    expect(during.answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
    expect(during.text).toContain('**Switching on card payments**');
    expect((await site.ask('kuidas makselinki luua')).answer).toMatchObject({ kind: 'guide', guideId: 'payment-links', locale: 'et' });

    const { cookie } = await site.signIn();
    const page = await (await fetch(`${site.url}/editor?lang=en`, { headers: { cookie } })).text();
    expect(page).toContain('The last save could not be loaded');
    expect(page).toMatch(/content\/guides\/card-payments\.en\.md:\d+<\/code> YAML: /);
    expect(page).toContain('The bot still answers from the content loaded at');
  });

  it('recovers with the next good save', async () => {
    site.content.edit('guides/card-payments.en.md', (t) => t.replace(/^title: \[unclosed$/m, 'title: Card payments, step by step'));
    const { value } = await within(RELOAD_BUDGET_MS, async () => {
      const reply = await site.ask('how do I enable card payments');
      return reply.text.includes('**Card payments, step by step**') ? reply : undefined;
    });
    expect(value.answer.guideId).toBe('card-payments');
    expect(site.editor.live.status().state).toBe('ok');
  });

  it('never serves a half-loaded state: a guide that loses its other language keeps the old pair serving', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(`${site.content.dir}/guides/shipping.et.md`);
    await within(RELOAD_BUDGET_MS, async () => (site.editor.live.status().state === 'failed' ? true : undefined));
    const status = site.editor.live.status();
    expect(status.state === 'failed' && status.problems.map((p) => p.message)).toEqual(['"shipping" has no et version: add shipping.et.md beside it']);
    expect((await site.ask('kuidas pakiautomaate e-poodi lisada')).answer).toMatchObject({ kind: 'guide', guideId: 'shipping', locale: 'et' });
  });
});
