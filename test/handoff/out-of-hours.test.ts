import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentApi, openConsoleStream, type RunningSite, signIn, startSite, texts, webMerchant } from '../support/staff-site.js';

// Saturday 28 November 2026, 14:00 in Tallinn: support (Mon–Fri 09:00–17:00) is closed until Monday.
const SATURDAY = new Date('2026-11-28T12:00:00Z');
const answerOf = (activities: Activity[]) => activities.map((a) => (a.channelData as { answer?: { kind: string } } | undefined)?.answer).find(Boolean);

describe('out of hours, with a fixed clock', () => {
  let running: RunningSite;
  let stream: Awaited<ReturnType<typeof openConsoleStream>>;
  let session: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    running = await startSite({ SUPPORT_HOURS: 'Mon-Fri 09:00-17:00' }, { now: () => SATURDAY });
    session = await signIn(running.url, 'kadri');
    // An agent with the console open on a Saturday does not make support open.
    stream = await openConsoleStream(running.url, session);
  });
  afterAll(async () => {
    stream.close();
    await running.stop();
  });

  it('says when support opens, takes a valid e-mail and the question, and shows the later answer in the same chat', async () => {
    const merchant = await webMerchant(running.url);
    await merchant.say('kuidas kaardimakseid aktiveerida');
    const offer = texts(await merchant.say('tahan inimesega rääkida')).join('\n');
    expect(offer).toContain('Meie klienditugi on avatud E–R 09:00–17:00 (Eesti aja järgi), järgmine kord esmaspäev 09:00.');
    expect(offer).toContain('Jäta oma e-posti aadress');

    expect(texts(await merchant.say('ei tea kohe')).join(' ')).toContain('See ei paista olevat e-posti aadress');
    expect(texts(await merchant.say('mari.maasikas@firma.ee')).join(' ')).toContain('Nüüd kirjuta oma küsimus');
    expect(texts(await merchant.say('Kas kaardimaksed töötavad ka Lätis?')).join(' ')).toContain('Vastame aadressile mari.maasikas@firma.ee');
    expect(answerOf(await merchant.say('kuidas makselinki teha'))).toMatchObject({ kind: 'guide', guideId: 'payment-links' });

    const agent = agentApi(running.url, session);
    const filed = ((await agent.queue()).body as { id: string; status: string; email?: string }[]).find((c) => c.email === 'mari.maasikas@firma.ee');
    // The headline is the question left with the address; the bot's best guess is its answer to the first question.
    expect(filed).toMatchObject({
      status: 'filed',
      locale: 'et',
      firstQuestion: 'Kas kaardimaksed töötavad ka Lätis?',
      bestGuess: { guideId: 'card-payments' },
    });
    const detail = (await agent.detail(filed?.id as string)).body;
    expect(detail.question).toBe('Kas kaardimaksed töötavad ka Lätis?');

    expect((await agent.claim(filed?.id as string)).status).toBe(200);
    expect((await agent.send(filed?.id as string, 'Jah, töötavad kõigis Balti riikides.')).status).toBe(200);
    expect(texts(await merchant.read())).toEqual(['Kadri meie klienditoest vastas sinu küsimusele:\n\nJah, töötavad kõigis Balti riikides.']);
    expect((await agent.close(filed?.id as string)).body.status).toBe('closed');
    expect(await merchant.read()).toEqual([]);
  });

  it('lets a merchant who ignores the form twice go back to the bot', async () => {
    const merchant = await webMerchant(running.url);
    await merchant.say('tahan inimesega rääkida');
    await merchant.say('ei');
    expect(answerOf(await merchant.say('kuidas makselinki teha'))).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
  });

  it('in English, names the opening time in English', async () => {
    const merchant = await webMerchant(running.url, 'en-US');
    const offer = texts(await merchant.say('I want to talk to a human')).join('\n');
    expect(offer).toContain('Our support team is available Mon–Fri 09:00–17:00 (Estonian time), next on Monday 09:00.');
  });
});

describe('within hours but with nobody online', () => {
  let running: RunningSite;
  beforeAll(async () => {
    running = await startSite({ SUPPORT_HOURS: 'Mon-Fri 09:00-17:00' }, { now: () => new Date('2026-11-26T10:00:00Z') });
  });
  afterAll(() => running.stop());

  it('says nobody is available and asks for an e-mail address', async () => {
    const merchant = await webMerchant(running.url);
    const offer = texts(await merchant.say('tahan inimesega rääkida')).join('\n');
    expect(offer).toContain('Kahjuks ei ole praegu kedagi meie klienditoest saadaval.');
    expect(offer).toContain('Jäta oma e-posti aadress');
  });
});
