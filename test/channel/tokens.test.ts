import { describe, expect, it } from 'vitest';
import { loadTokenSecret } from '../../bot/channel/token-secret.js';
import { createTokens } from '../../bot/channel/tokens.js';
import { tempDataDir } from '../support/web-server.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('web chat tokens', () => {
  it('open only their own conversation, for their own purpose, until they expire', () => {
    let now = Date.now();
    const tokens = createTokens({ secret: SECRET, ttlSeconds: 1800, maxAgeSeconds: 86_400, now: () => new Date(now) });
    const { token, expiresIn } = tokens.issue('conv-1', 'dl_user');
    expect(expiresIn).toBe(1800);
    expect(tokens.verify(token)).toMatchObject({ conv: 'conv-1', user: 'dl_user' });
    expect(tokens.verify(token, 'stream')).toBeUndefined();
    expect(tokens.verify(tokens.issue('conv-1', 'dl_user', 'stream').token)).toBeUndefined();
    expect(createTokens({ secret: `${SECRET}-other`, ttlSeconds: 1800, maxAgeSeconds: 86_400 }).verify(token)).toBeUndefined();
    now += 1800 * 1000;
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('are signed with DIRECT_LINE_SECRET, or with a key generated once and kept in DATA_DIR', () => {
    const data = tempDataDir();
    try {
      expect(loadTokenSecret({ DIRECT_LINE_SECRET: SECRET, DATA_DIR: data.dir })).toBe(SECRET);
      const generated = loadTokenSecret({ DIRECT_LINE_SECRET: '', DATA_DIR: data.dir });
      expect(generated.length).toBeGreaterThanOrEqual(32);
      expect(loadTokenSecret({ DIRECT_LINE_SECRET: '', DATA_DIR: data.dir })).toBe(generated);
    } finally {
      data.remove();
    }
  });
});
