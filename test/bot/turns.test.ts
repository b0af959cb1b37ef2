import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { answer, chat, createTestAdapter, testBot } from '../support/test-bot.js';

describe('a merchant message ends as one of five kinds', () => {
  it('answers an Estonian card-payments question with numbered steps and a Partner System button', async () => {
    await createTestAdapter()
      .send('kuidas kaardimakseid aktiveerida')
      .assertReply((reply) => {
        expect(answer(reply)).toMatchObject({ kind: 'guide', guideId: 'card-payments', locale: 'et' });
        expect(reply.text).toMatch(/^\*\*.+\*\*\n\n1\. /);
        const buttons = reply.attachments?.[0]?.content.buttons as { type: string; value: string; title: string }[];
        expect(buttons[0]).toMatchObject({ type: 'openUrl', value: expect.stringMatching(/^https:\/\/partner\.montonio\.com/) });
        expect(buttons[0]?.title).toMatch(/partnersüsteemis/i);
      })
      .assertReply((reply) => {
        expect(reply.text).toBe('Kas see vastus aitas?');
        expect(reply.suggestedActions?.actions.map((a) => a.value)).toEqual([
          { action: 'feedback', guideId: 'card-payments', helpful: true },
          { action: 'feedback', guideId: 'card-payments', helpful: false },
        ]);
      })
      .startTest();
  });

  it('asks which service is meant when the merchant only says "activate it"', async () => {
    await createTestAdapter()
      .send('how do I turn it on?')
      .assertReply((reply) => {
        expect(answer(reply)).toMatchObject({ kind: 'clarify', locale: 'en' });
        expect(answer(reply).candidates?.length).toBeGreaterThanOrEqual(2);
        expect(reply.suggestedActions?.actions.length).toBe(answer(reply).candidates?.length);
      })
      .startTest();
  });

  it('says honestly it cannot help with fees and offers a person instead of a guide', async () => {
    await createTestAdapter()
      .send('how much does the card payment fee cost?')
      .assertReply((reply) => expect(answer(reply)).toMatchObject({ kind: 'fallback', locale: 'en' }))
      .assertReply((reply) => {
        expect(answer(reply).kind).toBe('fallback');
        expect(reply.suggestedActions?.actions[0]?.value).toEqual({ action: 'handoff' });
      })
      .startTest();
  });

  it('knows a price question by its small words too, and a question about time is not one', async () => {
    const parts = testBot();
    const ask = async (text: string) => (await chat(parts).say(text)).answer;
    for (const text of ['how much is card payments', 'how much are payment links', 'mis maksab kaardimakse', 'mis see maksab']) {
      expect(await ask(text), text).toMatchObject({ kind: 'fallback' });
    }
    // Before, "how much" counted as the price word "much" on its own, and this got the pricing answer.
    const time = await chat(parts).say('how much time does activation take');
    expect(time.text).not.toMatch(/pricing/i);
    expect(await ask('kuidas klient kaardiga maksab')).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
    // A keyword that shrinks to a telling word still counts by it: "paid out" → "paid".
    expect(await ask('when will I get paid')).toMatchObject({ kind: 'fallback' });
    expect(await ask('thank you so much')).toMatchObject({ kind: 'smalltalk' });
  });

  it('answers small talk briefly in the merchant language', async () => {
    await createTestAdapter()
      .send('tere')
      .assertReply((reply) => {
        expect(answer(reply)).toMatchObject({ kind: 'smalltalk', locale: 'et' });
        expect(reply.text).toMatch(/^Tere!/);
      })
      .send('thanks a lot!')
      .assertReply((reply) => expect(answer(reply)).toMatchObject({ kind: 'smalltalk', locale: 'en' }))
      .startTest();
  });

  it('hands over to a person with the handoff.initiate event carrying the conversation so far', async () => {
    const replies: Partial<Activity>[] = [];
    await createTestAdapter()
      .send('kust leida api võtmed')
      .assertReply(() => undefined)
      .assertReply(() => undefined)
      // A button press is not a question: the agent reads the merchant's own words.
      .send({ type: 'message', text: '👎 Ei', value: { action: 'feedback', guideId: 'api-keys', helpful: false } } as Partial<Activity>)
      .assertReply(() => undefined)
      .send('tahan inimesega rääkida')
      .assertReply((reply) => {
        replies.push(reply);
        expect(answer(reply)).toMatchObject({ kind: 'handoff', locale: 'et' });
      })
      .assertReply((event) => {
        expect(event).toMatchObject({ type: 'event', name: 'handoff.initiate' });
        expect(event.value).toMatchObject({ reason: 'asked', locale: 'et', questions: ['kust leida api võtmed', 'tahan inimesega rääkida'] });
        expect(event.value.feedback).toEqual([{ guideId: 'api-keys', helpful: false }]);
        expect(event.value.offered[0]).toMatchObject({ guideId: 'api-keys', kind: 'guide' });
        const transcript = event.attachments?.[0]?.content.activities as Activity[];
        expect(transcript.some((a) => a.text === 'kust leida api võtmed')).toBe(true);
      })
      .startTest();
    expect(replies).toHaveLength(1);
  });
});

describe('a conversation', () => {
  it('keeps a follow-up question on the topic just answered', async () => {
    const merchant = chat();
    expect((await merchant.say('kuidas makselinke aktiveerida')).answer).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
    expect((await merchant.say('ja kuidas see poe poolel käib?')).answer).toMatchObject({ kind: 'guide', guideId: 'payment-links', locale: 'et' });
  });

  it('re-answers the last guide in English when asked, and stays in English', async () => {
    const merchant = chat();
    await merchant.say('kuidas tarnet aktiveerida');
    const switched = await merchant.say('in English please');
    expect(switched.answer).toMatchObject({ kind: 'guide', guideId: 'shipping', locale: 'en' });
    expect((await merchant.say('ok, thanks')).answer.locale).toBe('en');
  });

  it('switches language from the widget button and re-shows the last answer', async () => {
    const merchant = chat();
    await merchant.say('where are my api keys');
    const { answer: a } = await merchant.say('', { value: { action: 'language', locale: 'et' } });
    expect(a).toMatchObject({ kind: 'guide', guideId: 'api-keys', locale: 'et' });
  });

  it('offers a person after two misses in a row and accepts "jah"', async () => {
    const merchant = chat();
    await merchant.say('milline ilm homme on');
    const second = await merchant.say('kes võitis eile jalgpalli');
    expect(second.text).toMatch(/klienditoe kolleeg/);
    const yes = await merchant.say('jah');
    expect(yes.answer).toMatchObject({ kind: 'handoff', locale: 'et' });
    expect(yes.replies.some((r) => r.name === 'handoff.initiate')).toBe(true);
  });

  it('records "Did this help?" with the conversation, guide and language', async () => {
    const parts = testBot();
    const merchant = chat(parts, 'feedback-conv');
    await merchant.say('how do I create a payment link');
    const thumbsDown = await merchant.say('👎 No', { value: { action: 'feedback', guideId: 'payment-links', helpful: false } });
    expect(await parts.records.feedback()).toEqual([
      expect.objectContaining({ conversationId: 'feedback-conv', guideId: 'payment-links', locale: 'en', helpful: false }),
    ]);
    expect(thumbsDown.replies[0]?.suggestedActions?.actions[0]?.value).toEqual({ action: 'handoff' });
  });

  it('acts on no button value that is not one of ours: feedback without a guide id is not recorded', async () => {
    const parts = testBot();
    const merchant = chat(parts, 'forged-feedback');
    await merchant.say('how do I create a payment link');
    const forged = await merchant.say('👎 No', { value: { action: 'feedback', helpful: false } });
    await merchant.say('', { value: { action: 'guide', guideId: ['card-payments'] } });
    expect(await parts.records.feedback()).toEqual([]);
    expect(forged.answer).toMatchObject({ kind: 'fallback' });
    expect(forged.answer.guideId).toBeUndefined();
  });

  it('puts the store id from the page into the Partner System link', async () => {
    const merchant = chat();
    const { replies } = await merchant.say('where do I find the API keys', { channelData: { storeId: 'a1b2c3d4-0000-4000-8000-000000000001' } });
    const link = replies[0]?.attachments?.[0]?.content.buttons[0].value as string;
    expect(link).toContain('a1b2c3d4-0000-4000-8000-000000000001');
  });

  it('welcomes a new merchant in the page language with topic buttons', async () => {
    const merchant = chat();
    const replies = await merchant.run({ type: 'conversationUpdate', locale: 'en-US', membersAdded: [{ id: 'merchant', name: '' }] });
    expect(answer(replies[0] as Activity)).toMatchObject({ kind: 'smalltalk', locale: 'en' });
    expect(replies[0]?.suggestedActions?.actions.length).toBeGreaterThanOrEqual(8);
  });
});

describe('secrets pasted into the chat', () => {
  const key = 'Zq7Xk2Lm9Pw4Rt8Vn3Bc6Hy1Jd5Fs0Gb';

  it('warns, answers, never echoes the key, and masks it in the transcript', async () => {
    const parts = testBot();
    const merchant = chat(parts, 'secret-conv');
    const { replies, text } = await merchant.say(`my secret key is ${key}, is it right?`);
    expect(text).toMatch(/don't share secret keys/);
    expect(JSON.stringify(replies)).not.toContain(key);
    const transcript = await parts.transcripts.getTranscriptActivities('test', 'secret-conv');
    expect(JSON.stringify(transcript.items)).not.toContain(key);
    expect(transcript.items[0]?.text).toContain('••••••');
  });

  it('masks a password in the handoff packet too', async () => {
    const merchant = chat();
    await merchant.say('mu parool on Salajane123!');
    const { replies } = await merchant.say('tahan inimesega rääkida');
    const event = replies.find((r) => r.name === 'handoff.initiate');
    expect(JSON.stringify(event)).not.toContain('Salajane123');
  });
});

describe('yes and no after an offer of a person', () => {
  it('takes "sure, go ahead" as yes in English', async () => {
    const merchant = chat();
    await merchant.say('what is the weather like');
    expect((await merchant.say('sure, go ahead')).answer).toMatchObject({ kind: 'handoff', locale: 'en' });
  });

  it('takes "ei, aitäh" as no in Estonian and stays with the bot', async () => {
    const merchant = chat();
    await merchant.say('milline ilm homme on');
    expect((await merchant.say('ei, aitäh')).answer).toMatchObject({ kind: 'smalltalk', locale: 'et' });
  });
});
