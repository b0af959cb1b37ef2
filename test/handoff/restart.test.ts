import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentApi, openConsoleStream, signIn, startSite, texts, waitFor, webMerchant } from '../support/staff-site.js';

describe('a restart with an open handoff', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'montonio-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the queue, the transcript, notes, feedback, the agent’s sign-in and the live chat on both sides', async () => {
    const first = await startSite({ DATA_DIR: dataDir });
    const session = await signIn(first.url, 'kadri');
    const stream = await openConsoleStream(first.url, session);
    const merchant = await webMerchant(first.url);
    await merchant.say('kuidas kaardimakseid aktiveerida');
    await merchant.say('👎 Ei', { value: { action: 'feedback', guideId: 'card-payments', helpful: false } });
    await merchant.say('tahan inimesega rääkida');
    const before = agentApi(first.url, session);
    const caseId = ((await before.queue()).body as { id: string }[])[0]?.id as string;
    await before.claim(caseId);
    await before.note(caseId, 'helistan tagasi kui vaja');
    await merchant.read();
    stream.close();
    await first.stop();

    const second = await startSite({ DATA_DIR: dataDir });
    merchant.moveTo(second.url);
    const agent = agentApi(second.url, session);
    const queue = await agent.queue();
    expect(queue.status).toBe(200);
    expect(queue.body).toEqual([expect.objectContaining({ id: caseId, status: 'active', locale: 'et', agent: { name: 'kadri', displayName: 'Kadri' } })]);
    expect(await second.site.bot.records.feedback()).toEqual([
      expect.objectContaining({ conversationId: merchant.conversationId, guideId: 'card-payments', helpful: false }),
    ]);
    expect((await second.site.bot.records.turns()).map((t) => t.question)).toContain('kuidas kaardimakseid aktiveerida');
    const detail = (await agent.detail(caseId)).body as { lines: { text: string }[]; feedback: unknown[] };
    expect(detail.feedback).toEqual([{ guideId: 'card-payments', helpful: false }]);
    expect(detail.lines.map((l) => l.text)).toEqual(
      expect.arrayContaining(['kuidas kaardimakseid aktiveerida', 'tahan inimesega rääkida', 'helistan tagasi kui vaja']),
    );

    const live = await openConsoleStream(second.url, session);
    expect(await merchant.say('kas te olete veel seal?')).toEqual([]);
    await waitFor(() => live.events.find((e) => e.event === 'entry' && (e.data as { line: { text: string } }).line.text === 'kas te olete veel seal?'));
    await agent.send(caseId, 'Jah, olen siin.');
    expect(texts(await merchant.read())).toEqual(['Jah, olen siin.']);
    live.close();
    await second.stop();
  });
});
