import { describe, expect, it } from 'vitest';
import { testBot } from '../support/test-bot.js';

const { knowledge } = testBot();
const detect = (text: string) => knowledge.current.detectLanguage(text).locale;

describe('language detection', () => {
  it.each([
    ['tere', 'et'],
    ['aitäh', 'et'],
    ['kus on mu api keys', 'et'],
    ['kaardimaksed', 'et'],
    ['pangamakseid ei leia', 'et'],
    ['makselingi loomine', 'et'],
    ['hello', 'en'],
    ['thanks', 'en'],
    ['card payments', 'en'],
    ['where is my secret key', 'en'],
    ['how do I activate shipping', 'en'],
    // Borrowed words with an Estonian case ending are Estonian grammar.
    ['secret key ja access key partner systemis', 'et'],
    ['follow-up on my card payments', 'en'],
  ])('takes %j as %s', (text, locale) => {
    expect(detect(text)).toBe(locale);
  });

  it('is sure of Estonian when a borrowed name takes an Estonian ending after a hyphen', () => {
    expect(knowledge.current.detectLanguage('bank payments prestashop-is, kuidas seadistada')).toEqual({ locale: 'et', sure: true });
  });

  it('finds no language in emoji or digits alone', () => {
    expect(detect('👍🎉')).toBeUndefined();
  });
});
