import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMerchant, type RunningSite, STAFF_USERS, signIn, startSite, webMerchant } from '../support/staff-site.js';
import { tempDataDir } from '../support/web-server.js';

const HASH = STAFF_USERS.split(';')[0]?.split(':')[3] as string;
const USERS = `${STAFF_USERS};priya:Priya:agent+privacy:${HASH}`;
const dataBytes = (dir: string) => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));

async function erase(site: RunningSite, name: string, kind: string, value: string) {
  const session = await signIn(site.url, name);
  const form = await (await fetch(`${site.url}/agent/erase`, { headers: { cookie: session.cookie, accept: 'text/html' } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  return fetch(`${site.url}/agent/erase`, {
    method: 'POST',
    headers: { cookie: session.cookie, origin: site.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, kind, value, confirm: 'yes' }),
  });
}

describe('erasure of personal data', () => {
  const data = tempDataDir();
  let running: RunningSite;
  beforeAll(async () => {
    running = await startSite({ DATA_DIR: data.dir, STAFF_USERS: USERS });
  });
  afterAll(async () => {
    await running.stop().catch(() => undefined);
    data.remove();
  });

  it('from the console: by store id, e-mail address and conversation, gone from the data folder, audited without content', async () => {
    const shop = await webMerchant(running.url);
    await shop.say('kuidas aktiveerida kaardimakseid poes Päikeseratas-7731', { channelData: { storeId: 'store-7731' } });
    const mailer = await webMerchant(running.url);
    await mailer.say('minu aadress on liisa.lepp@example.ee, tellimus Kuukivi-4410 ei tulnud');
    const api = apiMerchant(running.url);
    await api.say('tahan teada Tähesadu-9902 kohta');
    const keeper = await webMerchant(running.url);
    await keeper.say('kuidas makselinki teha Rohumaa-5150');
    expect(dataBytes(data.dir).includes('Päikeseratas-7731')).toBe(true);

    expect((await erase(running, 'kadri', 'store', 'store-7731')).status).toBe(403);
    const byStore = await erase(running, 'priya', 'store', 'store-7731');
    expect(byStore.status).toBe(200);
    expect(await byStore.text()).toMatch(/Kustutatud 1 vestlust/);
    expect((await erase(running, 'priya', 'email', 'Liisa.Lepp@example.ee')).status).toBe(200);
    expect((await erase(running, 'priya', 'conversation', api.conversationId)).status).toBe(200);

    const bytes = dataBytes(data.dir);
    for (const gone of ['Päikeseratas-7731', 'liisa.lepp@example.ee', 'Kuukivi-4410', 'Tähesadu-9902', shop.conversationId]) {
      expect(bytes.includes(gone), gone).toBe(false);
    }
    expect(bytes.includes('Rohumaa-5150')).toBe(true);
    const audit = await running.site.erasure.auditLog();
    expect(audit.map((a) => [a.by, a.kind, a.conversations])).toEqual([
      ['priya', 'store', 1],
      ['priya', 'email', 1],
      ['priya', 'conversation', 1],
    ]);
    expect(audit[1]?.subject).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(audit)).not.toMatch(/Päikeseratas|Kuukivi|liisa/i);
  });
});

describe('npm run erase', () => {
  it('erases with the bot stopped, and refuses while the bot holds the data folder', async () => {
    // (Reading the SQLite file in this process would drop the bot's lock: POSIX releases a process's locks on close.)
    const data = tempDataDir();
    const running = await startSite({ DATA_DIR: data.dir });
    try {
      const merchant = await webMerchant(running.url);
      await merchant.say('küsimus Lumehelbe-6620 kohta');
      const command = () =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/erase.ts', `--conversation=${merchant.conversationId}`], {
          env: { PATH: process.env.PATH, DATA_DIR: data.dir, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          timeout: 60_000,
        });
      const busy = command();
      expect(busy.status, busy.stdout).toBe(1);
      expect(busy.stderr).toMatch(/in use by another process.*\n.*Stop the bot first/s);
      await running.stop();
      const done = command();
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/^Erased 1 conversation\(s\), \d+ row\(s\)/);
      expect(dataBytes(data.dir).includes('Lumehelbe-6620')).toBe(false);
    } finally {
      await running.stop().catch(() => undefined);
      data.remove();
    }
  }, 90_000);
});

describe('RETENTION_DAYS', () => {
  it('purges conversations, transcripts, records and cases older than the period, and keeps newer ones', async () => {
    const data = tempDataDir();
    const site = await startSite({ DATA_DIR: data.dir, RETENTION_DAYS: '180' });
    try {
      const old = await webMerchant(site.url);
      await old.say('vana küsimus Sinilill-1111 kohta');
      await old.say('tahan inimesega rääkida');
      const oldApi = apiMerchant(site.url);
      await oldApi.say('vana API küsimus Kullerkupp-2222');
      const fresh = await webMerchant(site.url);
      await fresh.say('uus küsimus Karikakar-3333 kohta');
      // Written 181 days ago, as far as every time column is concerned.
      const db = site.site.bot.database!;
      const longAgo = new Date(Date.now() - 181 * 86_400_000).toISOString();
      const ids = [old.conversationId, oldApi.conversationId];
      db.commitTick();
      for (const table of ['transcript_activities', 'turn_records', 'feedback_records', 'missed_questions', 'last_questions']) {
        db.prepare(`UPDATE ${table} SET at = ? WHERE conversation_id IN (?, ?)`).run(longAgo, ...ids);
      }
      db.prepare('UPDATE conversations SET created_at = ? WHERE id = ?').run(longAgo, old.conversationId);
      db.prepare("UPDATE activities SET activity = json_set(activity, '$.timestamp', ?) WHERE conversation_id = ?").run(longAgo, old.conversationId);
      db.prepare('UPDATE handoff_cases SET created_at = ? WHERE conversation_id = ?').run(longAgo, old.conversationId);

      const result = await site.site.retention.purge();
      expect(result.conversations).toBe(2);
      const count = (sql: string, ...params: string[]) =>
        db
          .prepare(sql)
          .pluck()
          .get(...params);
      expect(count('SELECT COUNT(*) FROM handoff_cases')).toBe(0);
      expect(count('SELECT COUNT(*) FROM conversations')).toBe(1);
      expect(count('SELECT COUNT(*) FROM bot_state WHERE instr(key, ?) > 0', oldApi.conversationId)).toBe(0);
      expect(count('SELECT COUNT(*) FROM turn_records WHERE at < ?', new Date(Date.now() - 180 * 86_400_000).toISOString())).toBe(0);
      expect(count('SELECT COUNT(*) FROM turn_records')).toBeGreaterThan(0);
      const bytes = dataBytes(data.dir);
      expect(bytes.includes('Sinilill-1111')).toBe(false);
      expect(bytes.includes('Kullerkupp-2222')).toBe(false);
      expect(bytes.includes('Karikakar-3333')).toBe(true);
      expect((await site.site.erasure.auditLog()).at(-1)).toMatchObject({ by: 'retention', kind: 'retention', conversations: 2 });
    } finally {
      await site.stop();
      data.remove();
    }
  });
});
