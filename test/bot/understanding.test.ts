import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { chat, testBot } from '../support/test-bot.js';

// Issue 10: what the merchant wants decides, the service they name only narrows it. Each case is one family of
// messages the matcher used to get wrong; the wording here is the team's own, not the held-out set's.
const parts = testBot();
const buttonsOf = (replies: Activity[]) =>
  replies.flatMap((r) => r.attachments?.flatMap((a) => (a.content as { buttons?: { value: string }[] }).buttons ?? []) ?? []);

describe('what the merchant wants decides before the service they name', () => {
  it.each([
    ['what are your card payment fees?', 'en', 'fees-pricing'],
    ['mis protsendi te pangamaksetelt võtate', 'et', 'fees-pricing'],
    ['the buyer opened a chargeback on an Apple Pay payment', 'en', 'disputes-chargebacks'],
    ['ostja vaidlustab kaardimakse', 'et', 'disputes-chargebacks'],
    ['please refund the customer for order 4471', 'en', 'order-help'],
    ['klient maksis pangalingiga, aga tellimus 5520 on ikka maksmata', 'et', 'order-help'],
  ])('%s → the out-of-scope answer with a person, never an activation guide', async (text, locale) => {
    const { answer, replies } = await chat(parts).say(text);
    expect(answer).toMatchObject({ kind: 'fallback', locale });
    expect(replies.at(-1)?.suggestedActions?.actions.map((a) => a.value)).toContainEqual({ action: 'handoff' });
  });

  it('still answers an activation question that uses an everyday verb like "tasuda" (to pay)', async () => {
    expect((await chat(parts).say('kuidas saavad kliendid kaardiga tasuda')).answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });

  it('weighs what the merchant wants over what they already have', async () => {
    const { answer } = await chat(parts).say('we accept bank links already and now want to add Mastercard too');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });

  it('reads a misspelt compound as the nearest whole compound, not by its tail', async () => {
    expect((await chat(parts).say('kaartimaksete aktiveerimine')).answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });

  it('reads "people" (inimesed) in a setup question as the customers, not a request for a person', async () => {
    expect((await chat(parts).say('soovime, et inimesed saaksid pangalingiga maksta')).answer).toMatchObject({ kind: 'guide', guideId: 'bank-payments' });
    expect((await chat(parts).say('tahan inimesega rääkida')).answer).toMatchObject({ kind: 'handoff' });
  });

  it('gives the guide that refines a service when its own word is there, and the general one when it is not', async () => {
    expect((await chat(parts).say('pangalingiga makstud raha tahaks kliendile tagasi kanda, mis tuleb sisse lülitada')).answer).toMatchObject({
      guideId: 'refundable-bank-payments',
    });
    expect((await chat(parts).say('how can we give money back for payments made by bank link')).answer).toMatchObject({ guideId: 'refundable-bank-payments' });
    expect((await chat(parts).say('pangamaksete aktiveerimine minu poes')).answer).toMatchObject({ guideId: 'bank-payments' });
  });

  it('lets the users-and-roles topic give way when the merchant names the API keys', async () => {
    expect((await chat(parts).say('our new developer is a user now but the api keys are hidden from him, which role does he need')).answer).toMatchObject({
      guideId: 'api-keys',
    });
    const declined = await chat(parts).say('how do I add a new user for my colleague');
    expect(declined.answer).toMatchObject({ kind: 'fallback' });
    expect(declined.text).toMatch(/Our support team handles this one.*user/is);
  });

  it('reads "inimest" as asking for a person only as written, not inside "inimestel"', async () => {
    expect((await chat(parts).say('palun inimest')).answer).toMatchObject({ kind: 'handoff' });
    expect((await chat(parts).say('palun inimestel maksta lingiga, kuidas makselinki teha')).answer).toMatchObject({ guideId: 'payment-links' });
  });

  it('gives no guide on everyday words alone, and reads a greeting with a long question as the question', async () => {
    expect((await chat(parts).say('kas saaks kuidagi mugavamalt maksta')).answer).toMatchObject({ kind: 'fallback' });
    const invoice = await chat(parts).say('Hello! I run two shops and cannot find where the monthly invoice from you is');
    expect(invoice.answer).toMatchObject({ kind: 'fallback' });
    expect(invoice.text).toMatch(/Our support team handles this one.*invoice/is);
  });

  it('reads thanks that ask nothing as a closing, whatever service they mention', async () => {
    expect((await chat(parts).say('many thanks, shipping works now, have a nice day')).answer).toMatchObject({ kind: 'smalltalk' });
    expect((await chat(parts).say('thanks! and how do I switch on shipping?')).answer).toMatchObject({ kind: 'guide', guideId: 'shipping' });
  });

  it('does not let a country name pull in another service', async () => {
    expect((await chat(parts).say('how do I switch on card payments for Lithuanian shoppers')).answer).toMatchObject({ guideId: 'card-payments' });
  });
});

describe('small talk and asking for a person', () => {
  it.each(['ok, sain aru, suur tänu!', 'perfect, got it, thanks a lot', 'kas ma räägin robotiga?'])('%s is small talk', async (text) => {
    expect((await chat(parts).say(text)).answer.kind).toBe('smalltalk');
  });

  it.each(['can I talk to someone real', 'tahaks elava inimesega rääkida'])('%s hands the chat to a person', async (text) => {
    expect((await chat(parts).say(text)).answer.kind).toBe('handoff');
  });
});

describe('across turns', () => {
  it("keeps the topic for a follow-up that uses another guide's word", async () => {
    const merchant = chat(parts);
    await merchant.say('how do I activate card payments');
    const { answer } = await merchant.say('and once I send it, how long is the review?');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });

  it('after a guide, "it did not work" in other words is acknowledged with an offer of a person, not the guide again', async () => {
    const merchant = chat(parts);
    await merchant.say('kust leida API võtmed');
    const { answer, replies, text } = await merchant.say('proovisin, aga mul pole seal sellist asja');
    expect(answer.kind).toBe('fallback');
    expect(text).not.toContain('API');
    expect(replies.at(-1)?.suggestedActions?.actions.map((a) => a.value)).toContainEqual({ action: 'handoff' });
  });

  it('does not read a closing as a question', async () => {
    const merchant = chat(parts);
    await merchant.say('where do I find the API keys?');
    expect((await merchant.say('ok, found them, thanks!')).answer.kind).toBe('smalltalk');
  });

  it('keeps the language the merchant writes in when they send only a brand name', async () => {
    const merchant = chat(parts);
    await merchant.say('kuidas kaardimaksed sisse lülitada?');
    expect((await merchant.say('Google Pay?')).answer).toMatchObject({ guideId: 'card-payments', locale: 'et' });
    expect((await merchant.say('and how do I create a payment link?')).answer).toMatchObject({ guideId: 'payment-links', locale: 'en' });
  });
});

describe('a sub-step question', () => {
  it("leads with the passage that answers it, offers a person, and the button opens that step's page", async () => {
    const { answer, replies, text } = await chat(parts).say('I set up shipping but how do I order a courier pickup? nothing happened');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'shipping' });
    expect(text.split('\n\n')[1]).toMatch(/courier/i);
    expect(buttonsOf(replies)[0]?.value).toContain('/shipments/courier-pickups');
    expect(replies.at(-1)?.suggestedActions?.actions.map((a) => a.value)).toContainEqual({ action: 'handoff' });
  });

  it.each([
    ['is financing available for buyers in Latvia too?', 'en', /Latvia/],
    ['kas järelmaks toimib ka leedu klientidele', 'et', /Leedu/],
    ['is there a minimum order for pay later?', 'en', /€30/],
    ['kui väike võib ost olla, et maksa hiljem ikka toimiks? mis on väikseim ostusumma', 'et', /30 €/],
  ])('%s → leads with the note on where and from which amount, not the activation steps', async (text, locale, lead) => {
    const { answer, text: reply } = await chat(parts).say(text);
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'financing-pay-later', locale });
    expect(reply.split('\n\n')[1]).toMatch(lead);
  });

  it('answers a plain activation question with the steps only', async () => {
    const { text } = await chat(parts).say('how do I activate shipping?');
    expect(text.split('\n\n')[1]).toMatch(/^1\. /);
  });
});

describe('success, pleas and requests to look into one case', () => {
  it('hears "now it works" as success: thanks that report it close the chat, after a guide no "it did not work"', async () => {
    expect((await chat(parts).say('Aitäh! Tegin kõik sammud läbi ja nüüd toimib, ilusat päeva')).answer).toMatchObject({ kind: 'smalltalk', locale: 'et' });
    const talk = chat(parts);
    await talk.say('kuidas kaardimakseid aktiveerida');
    expect((await talk.say('tegin kõik nii nagu kirjas ja nüüd töötab')).answer.kind).not.toBe('fallback');
  });

  it.each([
    ['could you put me through to one of your colleagues about our checkout', 'en'],
    ['kas saaks kellegagi teie tiimist meie poe seadistust arutada', 'et'],
  ])('%s → a person', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'handoff', locale });
  });

  it.each([
    ['kui palju järelmaksu tehingu pealt võetakse', 'et', /tasu|hinna/i],
    ['how much is taken from each card payment', 'en', /fee|pric/i],
    ['Pangamakse tehti, kas saate uurida miks see poodi ei jõudnud?', 'et', /tellimus|makse/i],
    ['a bank payment came in but the order is missing in our shop, can you look into it', 'en', /order|payment/i],
  ])('%s → the out-of-scope answer about it, not the activation guide', async (text, locale, about) => {
    const { answer, replies } = await chat(parts).say(text);
    expect(answer).toMatchObject({ kind: 'fallback', locale });
    expect(replies[0]?.text).toMatch(about);
  });
});

describe('a bare question asks about the story before it', () => {
  it('reads "… on juba nädal ülevaatusel, kas see on normaalne?" as about that service, leading with its wait', async () => {
    const { answer } = await chat(parts).say('järelmaksu taotlus on juba nädal ülevaatusel, kas see on normaalne?');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'financing-pay-later' });
  });
});

describe('everyday verbs and contact requests', () => {
  it('reads "charge a customer" as taking a payment, "your rates" as a price question', async () => {
    expect((await chat(parts).say('can I charge a customer by sending them a link')).answer).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
    expect((await chat(parts).say('what are the processing rates for Visa')).answer).toMatchObject({ kind: 'fallback' });
  });

  it('passes a request for a support e-mail or phone to a person', async () => {
    expect((await chat(parts).say('do you have a phone or email for support?')).answer).toMatchObject({ kind: 'handoff' });
  });

  it.each([
    ['the link says paid but the order never came to our shop', 'en'],
    ['ostja ütleb et on maksnud aga meil makset pole', 'et'],
  ])('%s → one payment: the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });
});

describe('"juba" tells how long as often as what the merchant has', () => {
  it.each([
    ['Kliendi kaardimakse on juba pool tundi pooleli. Mis nüüd?', 'et'],
    ['pangamakse läks läbi kuid tellimust partnersüsteemis ei näe', 'et'],
  ])('%s → one payment: the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });

  it('still reads "plugin on juba paigaldatud" as what the merchant has', async () => {
    const { answer } = await chat(parts).say('tahaks pangalingid woocommerce poodi, plugin on juba paigaldatud');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'bank-payments' });
  });
});

describe('of two close guides, the service the merchant named', () => {
  it('answers the named one instead of asking which', async () => {
    const { answer } = await chat(parts).say('filled in the extra details for cards, how long until approval');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });
});

describe('refunding one payment is not switching refunds on', () => {
  it.each([
    ['could you do a refund of the last card payment for me', 'en'],
    ['a buyer cancelled her order today, how do I give her money back', 'en'],
    ['kuidas ma selle ühe pangamakse kliendile tagasi kannan', 'et'],
    ['ostja tühistas tellimuse, kuidas raha tagasi saata', 'et'],
  ])('%s → one payment: the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });

  it('still answers how to be able to refund bank payments with the guide', async () => {
    expect((await chat(parts).say('how can we start refunding customers who paid by bank link')).answer).toMatchObject({
      kind: 'guide',
      guideId: 'refundable-bank-payments',
    });
  });

  it('passes a request for a phone call to a person', async () => {
    expect((await chat(parts).say('can we get a phone call about our setup')).answer).toMatchObject({ kind: 'handoff' });
  });
});

describe('a service named where the merchant says they have it', () => {
  it('is not the one asked about', async () => {
    const { answer } = await chat(parts).say('Konto kinnitati eile ära. Kust ma nüüd kaardimaksed sisse lülitan?');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });

  it('"need" is what the merchant wants, "switched on" what they have', async () => {
    const { answer } = await chat(parts).say('Card payments are switched on already, but we need the live keys for our Shopify developer');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'api-keys' });
  });
});

describe('more words merchants use', () => {
  it('reads "credentials" as the API keys', async () => {
    expect((await chat(parts).say('shopify plugin asks for credentials, where are they')).answer).toMatchObject({ kind: 'guide', guideId: 'api-keys' });
  });

  it.each([
    ['how can I take away a former employee’s access to the Partner System', 'en'],
    ['teeks palun tagasimakse tänasele tellimusele', 'et'],
  ])('%s → the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });
});

describe('a customer who calls is not a merchant asking for a call', () => {
  it('reads "helistab klient" as the story, not a request for a person', async () => {
    const { answer } = await chat(parts).say('vahel helistab klient ja tahab kohe maksta, kas saan talle makselingi saata');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
  });

  it('still hears "helistage mulle" as asking for a person', async () => {
    expect((await chat(parts).say('helistage mulle palun')).answer).toMatchObject({ kind: 'handoff' });
  });

  it('reads "spread the payments" as financing and a link on an invoice as a payment link', async () => {
    expect((await chat(parts).say('can our customers spread the payments over a few months')).answer).toMatchObject({
      kind: 'guide',
      guideId: 'financing-pay-later',
    });
    expect((await chat(parts).say('kas makselingi saab arvele lisada')).answer).toMatchObject({ kind: 'guide', guideId: 'payment-links' });
  });
});

describe('problems told as what the merchant has, and payments in a physical shop', () => {
  it.each([
    ['Klient näitas pangast, et maksis ära, aga meil on tellimus ikka ootel.', 'et', /tellimus|makse/i],
    ['mis te ühe kaardimakse kohta küsite', 'et', /tasu|hinna/i],
    ['a customer wants half of the money back, can you give one customer back part of an order', 'en', /order|payment/i],
    ['do you sell a card terminal for a physical shop?', 'en', /physical shop|support/i],
    ['kas teil on makseterminal ka füüsilises poes kasutamiseks', 'et', /füüsilises poes|klienditoelt/i],
  ])('%s → the out-of-scope answer about it', async (text, locale, about) => {
    const { answer, replies } = await chat(parts).say(text);
    expect(answer).toMatchObject({ kind: 'fallback', locale });
    expect(replies[0]?.text).toMatch(about);
  });
});

describe('an outage or one order is not a setup question', () => {
  it.each([
    ['since noon our customers get an error when paying by card, is something down?', 'en'],
    ['the refund button does nothing on an order from last week', 'en'],
  ])('%s → the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });
});

describe('reports, disputes in other words, expired links', () => {
  it.each([
    ['where do I get a monthly sales report for our accountant', 'en', /report/i],
    ['kust saab kuu müügiaruande', 'et', /aruann/i],
    ['klient väidab et ei teinud seda makset ise', 'et', /vaidlus|klienditoe/i],
    ['palju pangamaksed kuus maksma lähevad', 'et', /tasu|hinna/i],
    ['the payment link the customer got has expired', 'en', /payment|support/i],
  ])('%s → the out-of-scope answer about it', async (text, locale, about) => {
    const { answer, replies } = await chat(parts).say(text);
    expect(answer).toMatchObject({ kind: 'fallback', locale });
    expect(replies[0]?.text).toMatch(about);
  });

  it('passes "someone at Montonio I can write to" to a person', async () => {
    expect((await chat(parts).say('is there someone at Montonio I can write to')).answer).toMatchObject({ kind: 'handoff' });
  });
});

describe('words two languages share, and misspelt heads of compounds', () => {
  it('reads Estonian "need" (these) as a word, not as the English "need" that makes a clause a wish', async () => {
    // "need" read as English made "…enne kui need aktiveerime" the asking part, and the fee question became a setup one.
    const text = 'Tere. Millised on teie kuutasud makselinkide puhul, enne kui need aktiveerime.';
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale: 'et' });
    expect((await chat(parts).say('Need live API keys for our Magento shop, where are they?')).answer).toMatchObject({ kind: 'guide', guideId: 'api-keys' });
  });

  it('reads a compound misspelt after its head as the whole compound ("kaardimkased"), not by its head', async () => {
    expect((await chat(parts).say('kaardimkased ei ole veel aktiivsed, kuidas need sisse saada')).answer).toMatchObject({
      kind: 'guide',
      guideId: 'card-payments',
    });
  });

  it('does not read a five-letter everyday verb as a one-letter typo of a term ("panna" is not "panga")', async () => {
    expect((await chat(parts).say('kuidas seda poodi panna?')).answer).not.toMatchObject({ kind: 'guide', guideId: 'bank-payments' });
    expect((await chat(parts).say('kuidas järelmaksu poodi sisse panna')).answer).toMatchObject({ kind: 'guide', guideId: 'financing-pay-later' });
  });
});

describe('which service a message names', () => {
  const named = (text: string, locale: string) =>
    parts.knowledge.current.index
      .search(text, locale)
      .filter((c) => c.named)
      .map((c) => c.id);

  it('a name word other names share ("payment") names none of them; one only this name has ("link") names it', () => {
    expect(named('payment on my website', 'en')).not.toContain('payment-links');
    expect(named('a link for the customer', 'en')).toContain('payment-links');
  });

  it('a word shared only with a narrower service\'s name still names the broader one ("bank")', () => {
    expect(named('bank at checkout', 'en')).toContain('bank-payments');
    expect(named('bank at checkout', 'en')).not.toContain('refundable-bank-payments');
  });

  it('a keyword with a "no" in it ("no website") does not name the service by its other word', () => {
    expect(named('our website', 'en')).not.toContain('payment-links');
  });

  it('a setup word as written names no service, though its stem is a keyword\'s ("pakkuda" is not "pakk", "installed" not "instalments")', () => {
    expect(named('kuidas järelmaksu pakkuda', 'et')).not.toContain('shipping');
    expect(named('the plugin is installed', 'en')).not.toContain('financing-pay-later');
  });

  it('a misspelling is of the merchant\'s own language: English "transfers" is not Estonian "transport"', () => {
    expect(named('bank transfers', 'en')).not.toContain('shipping');
    expect(named('pakkide transprot', 'et')).toContain('shipping');
  });
});

describe("verbs split around their object, customers' applications, data protection", () => {
  it.each([
    ['Palun kandke ostjale Jaan Kask 30 eurot pangalingimakse eest tagasi.', 'et'],
    ["Please refund the 20 euros of yesterday's bank payment for me, the customer changed her mind.", 'en'],
    ['ostja järelmaksu taotlus jäi kliendil pooleli, mida teha', 'et'],
    ['kas kaardimaksed on kallimad kui pangalingid', 'et'],
    ['Is Montonio GDPR compliant, and do you sign a DPA with merchants?', 'en'],
    ['kas teil on andmetöötlusleping, mille saame allkirjastada', 'et'],
  ])('%s → the out-of-scope answer, not a guide', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });

  it('still answers the setup questions that share those words', async () => {
    expect((await chat(parts).say('can I use our own DPD contract with Montonio shipping?')).answer).toMatchObject({ kind: 'guide', guideId: 'shipping' });
    expect((await chat(parts).say('how do I switch on refunds of bank payments?')).answer).toMatchObject({
      kind: 'guide',
      guideId: 'refundable-bank-payments',
    });
    expect((await chat(parts).say('kuidas järelmaksu taotlemise võimalus poes sisse lülitada')).answer).toMatchObject({
      kind: 'guide',
      guideId: 'financing-pay-later',
    });
  });
});

describe('a last question that points back', () => {
  it.each([
    [
      'We sell bike parts and have taken bank links through Montonio since spring. Parcels go out with Omniva on our own contract. More and more buyers ask whether they can pay with Visa. How do we turn that on?',
      'card-payments',
    ],
    [
      'Tere! Meil on e-pood ja pangalingid töötavad. Pakid saadame Omnivaga oma lepingu alusel. Kliendid küsivad, kas saaks ka järelmaksuga osta. Kuidas seda pakkuda saab?',
      'financing-pay-later',
    ],
    [
      'Hi, I build shops for clients. This one wants card payments and parcel machines. The plugin is installed, but it asks for credentials I do not have. Where are they?',
      'api-keys',
    ],
    ['we have our own DPD contract and use Montonio shipping. How to set it up?', 'shipping'],
    ['meil on mööblipood ja kliendid küsivad kogu aeg osamakse võimalust, kuidas teie kaudu seda pakkuda saaks', 'financing-pay-later'],
  ])('is about the sentence just before it: %s', async (text, guideId) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'guide', guideId });
  });

  it('does not point at what the merchant has when it names two services', async () => {
    const text = 'we only take bank links right now and buyers keep asking to pay with Visa. how do i add that';
    expect((await chat(parts).say(text)).answer).not.toMatchObject({ kind: 'guide', guideId: 'bank-payments' });
  });
});

describe('a condition is what the merchant will have', () => {
  it('reads "once the account is approved" as what they will have, and the service before it as the question', async () => {
    const { answer } = await chat(parts).say('Must card payments be activated on their own once our account is approved?');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'card-payments' });
  });
});

describe('what customers report, and everyday words inside a service name', () => {
  it.each([
    ['kliendid ütlevad, et kaardimakse leht ei avane', 'et'],
    ['a customer says the payment link does not open on her phone', 'en'],
  ])('%s → a problem for a person, not the activation guide', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });

  it('still answers "customers say they want to pay by card, how do I switch it on?" with the guide', async () => {
    expect((await chat(parts).say('customers say they want to pay by card, how do I switch it on?')).answer).toMatchObject({
      kind: 'guide',
      guideId: 'card-payments',
    });
  });

  it('does not read "võimalus" (option) as the refundable bank payments name', async () => {
    expect((await chat(parts).say('kohaletoimetamise võimalused tahame poodi lisada')).answer).toMatchObject({ kind: 'guide', guideId: 'shipping' });
  });
});

describe('a wish joined by "and" to what the merchant has', () => {
  it.each([
    ['we only take bank links at checkout and want to add Visa', 'card-payments'],
    ['meil on ainult pangalingid ja tahaks lisada Visa ja Mastercardi', 'card-payments'],
    ['we invoice our clients by email and would like to email them a link so they can pay by bank', 'payment-links'],
  ])('%s → %s', async (text, guideId) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'guide', guideId });
  });
});

describe('a shopper, not a merchant', () => {
  it.each([
    ['I bought a bike on hire purchase through Montonio, can I pay the rest off early?', 'en'],
    ['ostsin telefoni järelmaksuga, kuidas muuta minu maksepäeva', 'et'],
  ])('%s → the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });
});

describe('more out-of-scope questions that name a service word', () => {
  it.each([
    ['can you help me add Google Analytics to my store?', 'en'],
    ['pank teatas, et ostja esitas kaardimakse kohta pretensiooni, kuhu saadan tõendid?', 'et'],
    ["please refund 15 euros of yesterday's bank payment", 'en'],
    ['kas pakute ka kaardimakseterminale kohvikule?', 'et'],
    ['kuidas me oma Montonio konto ära sulgeme?', 'et'],
    ['kas kaardimaksed maksavad lisaks midagi?', 'et'],
    ['which plan is the cheapest for bank payments only?', 'en'],
  ])('%s → the out-of-scope answer', async (text, locale) => {
    expect((await chat(parts).say(text)).answer).toMatchObject({ kind: 'fallback', locale });
  });
});

describe('a number names one order only right after its word', () => {
  it('reads "orders over 60 euros" as an amount, not order 60', async () => {
    const { answer } = await chat(parts).say('How do I offer free delivery to parcel machines on orders over 60 euros?');
    expect(answer).toMatchObject({ kind: 'guide', guideId: 'shipping' });
  });

  it('still reads "order 4471" and "a payment of 120" as one payment', async () => {
    expect((await chat(parts).say('where is the money for order 4471 with card payment')).answer).toMatchObject({ kind: 'fallback' });
    expect((await chat(parts).say('Can you cancel the bank payment of 120 from yesterday?')).answer).toMatchObject({ kind: 'fallback' });
  });
});
