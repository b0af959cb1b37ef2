import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../support/postgres.js';
import { describePrivacyContract } from './privacy-contract.js';
import { postgresPrivacyEngine, sqlitePrivacyEngine } from './privacy-engines.js';

describePrivacyContract('SQLite', sqlitePrivacyEngine);
describePrivacyContract('PostgreSQL', () => postgresPrivacyEngine('privacy'), describePostgres);

// PostgreSQL keeps the handoff webhook's deliveries in a table (the SQLite bot retries them in memory): their bodies
// carry the conversation's transcript, so they go with it.
describePostgres('erasure and retention of webhook deliveries', () => {
  let engine: Awaited<ReturnType<typeof postgresPrivacyEngine>>;
  beforeAll(async () => {
    engine = await postgresPrivacyEngine('privacy_webhooks');
  });
  afterAll(async () => {
    await engine?.close();
  });
  const delivery = (conversationId: string, createdAt: string) =>
    engine.run(
      "INSERT INTO webhook_outbox (delivery_id, event, body, created_at) VALUES (?, 'handoff.initiate', ?, ?)",
      randomUUID(),
      JSON.stringify({ conversationId, transcript: [{ text: 'tere' }] }),
      createdAt,
    );
  const deliveries = () => engine.count("SELECT COUNT(*) AS count FROM webhook_outbox WHERE body ->> 'conversationId' LIKE 'w-%'");

  it('erases a conversation’s deliveries, and purges those older than the period', async () => {
    await delivery('w-erased', '2026-08-01T00:00:00.000Z');
    await delivery('w-old', '2026-01-01T00:00:00.000Z');
    await delivery('w-fresh', '2026-08-01T00:00:00.000Z');
    const { erasure, retention } = engine.privacy({ days: 180, now: () => new Date('2026-09-01T00:00:00.000Z') });
    await erasure.erase({ kind: 'conversation', value: 'w-erased' }, 'priya');
    expect(await deliveries()).toBe(2);
    expect(await retention.purge()).toMatchObject({ rows: 1 });
    expect(await engine.count("SELECT COUNT(*) AS count FROM webhook_outbox WHERE body ->> 'conversationId' = 'w-fresh'")).toBe(1);
  });
});

describePostgres('npm run erase with DATABASE_URL', () => {
  it('erases in PostgreSQL while the bots run, and audits it', async () => {
    const engine = await postgresPrivacyEngine('privacy_command');
    try {
      await engine.stores.log.create({ id: 'cmd-chat', userId: 'dl_u', createdAt: '2026-08-01T00:00:00.000Z' });
      await engine.stores.records.addTurn({
        conversationId: 'cmd-chat',
        at: '2026-08-01T00:00:00.000Z',
        locale: 'et',
        question: 'Lumehelbe-6620',
        answer: { kind: 'fallback', locale: 'et' },
      });
      const done = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/erase.ts', '--conversation=cmd-chat'], {
        env: { PATH: process.env.PATH, DATABASE_URL: engine.url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/^Erased 1 conversation\(s\), 5 row\(s\)/);
      expect(await engine.count("SELECT COUNT(*) AS count FROM turn_records WHERE conversation_id = 'cmd-chat'")).toBe(0);
      expect((await engine.privacy({ days: 0, now: () => new Date() }).erasure.auditLog(1))[0]).toMatchObject({ by: 'command', subject: 'cmd-chat' });
    } finally {
      await engine.close();
    }
  }, 90_000);
});
