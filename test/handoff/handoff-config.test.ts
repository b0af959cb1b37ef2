import { describe, expect, it } from 'vitest';
import { readConfig } from '../../bot/config.js';

const HASH = 'scrypt.32768.8.1.IN6af_3UXUkCZMQK_idINA.uwHICLk-gVHNEmYWyyACFUPAfToGv61YQO06LcaohQ4';

describe('handoff and staff configuration', () => {
  it('reads STAFF_USERS entries into names, display names, roles and hashes', () => {
    const config = readConfig({ STAFF_USERS: `kadri:Kadri Tamm:agent+editor:${HASH}; eero:Eero:editor:${HASH}` });
    expect(config.STAFF_USERS).toEqual([
      { name: 'kadri', displayName: 'Kadri Tamm', roles: ['agent', 'editor'], passwordHash: HASH },
      { name: 'eero', displayName: 'Eero', roles: ['editor'], passwordHash: HASH },
    ]);
  });

  it('refuses a plain-text password, an unknown role and a repeated name, each with a sentence', () => {
    const attempt = () => readConfig({ STAFF_USERS: `kadri:Kadri:agent:hunter2;mart:Mart:boss:${HASH};kadri:Kadri:agent:${HASH}` });
    expect(attempt).toThrow(/kadri: the password must be a hash from "npm run staff:hash"/);
    expect(attempt).toThrow(/mart: roles must be agent, editor or privacy, joined with \+/);
    expect(attempt).toThrow(/compare with \.env\.example/);
  });

  it('refuses bad SUPPORT_HOURS and an unknown time zone', () => {
    expect(() => readConfig({ SUPPORT_HOURS: 'weekdays', SUPPORT_TIMEZONE: 'Europe/Tartu' })).toThrow(
      /SUPPORT_HOURS: "weekdays" is not like[\s\S]*SUPPORT_TIMEZONE: must be an IANA time zone/,
    );
  });

  it('refuses a webhook without a signing secret', () => {
    expect(() => readConfig({ HANDOFF_WEBHOOK_URL: 'https://helpdesk.example/in' })).toThrow(/HANDOFF_WEBHOOK_SECRET: needs at least 16 characters/);
  });
});
