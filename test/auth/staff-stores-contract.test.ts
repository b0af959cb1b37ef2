import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { USER_LIMITS } from '../../bot/auth/login-throttle.js';
import { describeEngines, staffEngines } from '../support/desk-engines.js';

const HOUR = 3_600_000;
const TTL = 12 * HOUR;
const clock = { now: Date.parse('2026-03-02T09:00:00.000Z') };
const unique = () => randomBytes(6).toString('hex');

// Sessions, known browsers and the login throttle on both engines; each open() on PostgreSQL is another instance.
describeEngines('staff stores contract', staffEngines({ sessionTtlMs: TTL, now: () => new Date(clock.now) }), (engine, name) => {
  it('a session made on one instance is live on the other, renewed at most once a minute, and gone when removed', async () => {
    const [a, b] = [engine().open().sessions, engine().open().sessions];
    const { id, session } = await a.create('kadri');
    expect(session).toEqual({ userName: 'kadri', csrfToken: expect.any(String), expiresAt: clock.now + TTL });
    expect(await b.touch(id)).toEqual(session);
    clock.now += 30_000;
    expect((await b.touch(id))?.expiresAt).toBe(session.expiresAt);
    clock.now += 60_000;
    expect((await b.touch(id))?.expiresAt).toBe(clock.now + TTL);
    expect((await a.touch(id))?.expiresAt).toBe(clock.now + TTL);
    expect(await a.touch('made up')).toBeUndefined();
    await b.remove(id);
    expect(await a.touch(id)).toBeUndefined();
  });

  it('a session runs out after its lifetime without a request, and only its hash is stored', async () => {
    const s = engine().open().sessions;
    const { id } = await s.create('mart');
    clock.now += TTL + 1;
    expect(await s.touch(id)).toBeUndefined();
    const { id: live } = await s.create('mart');
    const { raw } = engine();
    const stored = raw.sqlite
      ? raw.sqlite.prepare<[], { id_hash: string }>('SELECT id_hash FROM staff_sessions').all()
      : ((await raw.pool?.query<{ id_hash: string }>('SELECT id_hash FROM staff_sessions'))?.rows ?? []);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((r) => r.id_hash)).not.toContain(live);
  });

  it('a browser trusted on one instance is trusted on the other, for its user only, until it expires', async () => {
    const [a, b] = [engine().open().devices, engine().open().devices];
    const device = await a.add('Kadri');
    expect(await b.isTrusted(device, 'kadri')).toBe(true);
    expect(await b.isTrusted(device, 'KADRI')).toBe(true);
    expect(await b.isTrusted(device, 'mart')).toBe(false);
    expect(await b.isTrusted('made up', 'kadri')).toBe(false);
    clock.now += 91 * 24 * HOUR;
    expect(await a.isTrusted(device, 'kadri')).toBe(false);
  });

  it('the throttle lets the free tries through, then makes each further one wait longer, and forgets after an hour', async () => {
    const t = engine().open().throttle;
    const key = `user:${unique()}`;
    for (let i = 0; i < USER_LIMITS.freeFailures; i++) expect(await t.attempt([key])).toBe(0);
    expect(await t.attempt([key])).toBe(1_000);
    clock.now += 1_000;
    expect(await t.attempt([key])).toBe(0);
    expect(await t.attempt([key])).toBe(2_000);
    clock.now += HOUR + 1;
    expect(await t.attempt([key])).toBe(0);
  });

  it('the throttle: a right password forgets its own keys and takes its try off the others', async () => {
    const t = engine().open().throttle;
    const [user, ip] = [`user:${unique()}`, `ip:${unique()}`];
    for (let i = 0; i < USER_LIMITS.freeFailures; i++) await t.attempt([user, ip]);
    expect(await t.attempt([user, ip])).toBeGreaterThan(0);
    await t.succeeded([user], [ip]);
    expect(await t.attempt([user, ip])).toBe(0);
    expect(await t.attempt([user])).toBe(0);
  });

  it(`the throttle counts tries on two instances as one: of 60 at once only the ${USER_LIMITS.freeFailures} free ones pass`, async () => {
    const [a, b] = [engine().open().throttle, engine().open().throttle];
    const [user, ip] = [`user:${unique()}`, `ip:${unique()}`];
    const waits = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).attempt(i % 3 ? [user, ip] : [ip, user])));
    expect(waits.filter((w) => w === 0)).toHaveLength(USER_LIMITS.freeFailures);
    console.info(`${name}: 60 tries at once on two instances, ${waits.filter((w) => w === 0).length} let through`);
  });
});
