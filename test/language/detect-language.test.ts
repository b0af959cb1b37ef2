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
  ])('takes %j as %s', (text, locale) => {
    expect(detect(text)).toBe(locale);
  });

  it('finds no language in emoji or digits alone', () => {
    expect(detect('👍🎉')).toBeUndefined();
  });
});
