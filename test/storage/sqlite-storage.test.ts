import { ConversationState, TestAdapter } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/storage/database.js';
import { createSqliteStorage } from '../../bot/storage/sqlite-storage.js';
import { tempDataDir } from '../support/web-server.js';

describe('SQLite storage for bot state', () => {
  it('reads back what was written, with a new eTag on every write, and forgets deleted keys', async () => {
    const storage = createSqliteStorage(openDatabase(':memory:'));
    await storage.write({ a: { count: 1 }, b: { count: 2 } });
    const first = await storage.read(['a', 'b', 'missing']);
    expect(first).toMatchObject({ a: { count: 1 }, b: { count: 2 } });
    expect(first.missing).toBeUndefined();
    await storage.write({ a: { ...first.a, count: 3 } });
    const second = await storage.read(['a']);
    expect(second.a).toMatchObject({ count: 3 });
    expect(second.a.eTag).not.toBe(first.a.eTag);
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('refuses a write based on an outdated read, as MemoryStorage does, but lets "*" overwrite', async () => {
    const storage = createSqliteStorage(openDatabase(':memory:'));
    await storage.write({ k: { v: 1 } });
    const stale = (await storage.read(['k'])).k;
    await storage.write({ k: { ...stale, v: 2 } });
    await expect(storage.write({ k: { ...stale, v: 3 } })).rejects.toThrow(/eTag conflict/);
    await storage.write({ k: { v: 4, eTag: '*' } });
    expect((await storage.read(['k'])).k).toMatchObject({ v: 4 });
  });

  it('writes nothing of a batch when one of its keys is outdated', async () => {
    const storage = createSqliteStorage(openDatabase(':memory:'));
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    const stale = await storage.read(['a', 'b']);
    await storage.write({ b: { ...stale.b, v: 2 } });
    await expect(storage.write({ a: { ...stale.a, v: 3 }, b: { ...stale.b, v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect(await storage.read(['a', 'b'])).toMatchObject({ a: { v: 1 }, b: { v: 2 } });
  });

  it('keeps conversation state across closing and reopening the file', async () => {
    const data = tempDataDir();
    try {
      const run = async (text: string) => {
        const db = openDatabase(data.dir);
        const state = new ConversationState(createSqliteStorage(db));
        const seen = state.createProperty<string[]>('seen');
        const adapter = new TestAdapter(async (context) => {
          const list = await seen.get(context, []);
          list.push(context.activity.text ?? '');
          await context.sendActivity(list.join(','));
          await state.saveChanges(context);
        });
        await adapter
          .send(text)
          .assertReply(text === 'one' ? 'one' : 'one,two')
          .startTest();
        db.close();
      };
      await run('one');
      await run('two');
    } finally {
      data.remove();
    }
  });
});
