import type { Activity } from 'botbuilder';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isStorageFault, StorageUnavailableError } from '../../../bot/storage/database.js';
import { createPool } from '../../../bot/storage/postgres/pool.js';
import { createPostgresChatStores } from '../../../bot/storage/postgres/postgres-chat-stores.js';
import { readTranscript } from '../../../bot/storage/sqlite-transcript-store.js';
import { describePostgres } from '../../support/postgres.js';
import { type ChatEngine, postgresChatEngine, WEB_CHANNEL } from '../chat-engines.js';

const stamp = (activity: Partial<Activity>, seq: number) => ({ ...activity, id: `c|${seq}`, timestamp: '2026-03-01T09:00:00.000Z' }) as unknown as Activity;

// Beyond the contracts (chat-stores-contract.test.ts): what only PostgreSQL needs.
describePostgres('PostgreSQL chat stores', () => {
  let engine: ChatEngine & { pool: () => pg.Pool };
  beforeAll(async () => {
    engine = await postgresChatEngine('chat_stores');
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('keeps a NUL a merchant pasted as U+FFFD in records, the web chat log and transcripts, instead of failing the turn', async () => {
    const { records, log, transcripts } = engine.open();
    await records.addTurn({
      conversationId: 'nul\u0000',
      at: '2026-03-01T09:00:00.000Z',
      locale: 'et',
      question: 'a\u0000b',
      answer: { kind: 'fallback', locale: 'et' },
    });
    expect((await records.misses(1))[0]).toMatchObject({ question: 'a\uFFFDb', conversationId: 'nul\uFFFD' });
    await log.create({ id: 'nul-chat', userId: 'dl_u', createdAt: '2026-03-01T09:00:00.000Z' });
    await log.append('nul-chat', [{ type: 'message', text: 'x\u0000y' }], stamp);
    expect((await log.since('nul-chat', 0)).activities[0]?.text).toBe('x\uFFFDy');
    await transcripts.logActivity({
      type: 'message',
      text: '\u0000',
      channelId: 'msteams',
      conversation: { id: 'nul-teams' },
      timestamp: new Date(),
    } as Activity);
    expect((await readTranscript(transcripts, 'msteams', 'nul-teams'))[0]?.text).toBe('\uFFFD');
  });

  it('runs onAppend inside the append’s transaction: if it fails, nothing is kept and the numbers are given again', async () => {
    const pool = engine.pool();
    let fail = true;
    const seen: number[] = [];
    const { log } = createPostgresChatStores(pool, {
      webChannelId: WEB_CHANNEL,
      onAppend: async (client, _conversationId, watermark) => {
        // The hook sees its own transaction's rows, which no other connection sees yet.
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM activities WHERE conversation_id = $1', ['hooked']);
        seen.push(watermark, rows[0]?.n ?? -1);
        if (fail) throw new Error('publish failed');
      },
    });
    await log.create({ id: 'hooked', userId: 'dl_u', createdAt: '2026-03-01T09:00:00.000Z' });
    await expect(
      log.append(
        'hooked',
        [
          { type: 'message', text: 'a' },
          { type: 'message', text: 'b' },
        ],
        stamp,
      ),
    ).rejects.toThrow('publish failed');
    expect(await log.since('hooked', 0)).toEqual({ activities: [], watermark: 0 });
    fail = false;
    expect((await log.append('hooked', [{ type: 'message', text: 'c' }], stamp)).watermark).toBe(1);
    expect(seen).toEqual([2, 2, 1, 1]);
  });

  it('a database that cannot be reached is a storage fault: durably refuses, also for a write nobody awaited', async () => {
    const unreachable = createPool('postgresql://nobody@127.0.0.1:1/none', { max: 1, onError: () => undefined });
    try {
      const stores = createPostgresChatStores(unreachable, { webChannelId: WEB_CHANNEL });
      const write = Promise.resolve(
        stores.transcripts.logActivity({ type: 'message', text: 'x', channelId: 'msteams', conversation: { id: 'c' }, timestamp: new Date() } as Activity),
      );
      write.catch(() => undefined);
      await expect(stores.durably(() => undefined)).rejects.toThrow(StorageUnavailableError);
      expect(isStorageFault(await write.catch((error: unknown) => error))).toBe(true);
      await expect(stores.log.get('c')).rejects.toSatisfy(isStorageFault);
    } finally {
      await unreachable.end();
    }
  });
});

describePostgres('PostgreSQL once-only tokens', () => {
  it('forget expired tokens a few at a time as new ones are claimed', async () => {
    const engine = await postgresChatEngine('token_expiry');
    try {
      const pool = engine.pool();
      await pool.query("INSERT INTO stream_token_uses (jti, expires_at) SELECT 'old-' || n, now() - interval '1 minute' FROM generate_series(1, 15) n");
      const { tokenUses } = engine.open();
      expect(await tokenUses.claim('new-1', Math.floor(Date.now() / 1000) + 60)).toBe(true);
      expect(await tokenUses.claim('new-2', Math.floor(Date.now() / 1000) + 60)).toBe(true);
      expect((await pool.query("SELECT count(*)::int AS n FROM stream_token_uses WHERE jti LIKE 'old-%'")).rows[0].n).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
