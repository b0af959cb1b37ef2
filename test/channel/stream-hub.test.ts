import { afterAll, describe, expect, it, vi } from 'vitest';
import { STREAM_CHANNEL, createStreamHub } from '../../bot/channel/stream-hub.js';
import { committedActivities, createWebChats } from '../../bot/channel/web-chats.js';
import { createInProcessPubSub, type PubSub } from '../../bot/events/pubsub.js';
import { createSqliteConversationLog } from '../../bot/storage/sqlite-conversation-log.js';
import { openDatabase } from '../../bot/storage/database.js';
import { messages, numbered, received, streamServer, WAIT } from './stream-harness.js';

/** The in-process bus, with a hand on its reconnect hooks (the PostgreSQL one calls them after a lost connection). */
function busWithReconnect(): PubSub & { reconnected: () => void } {
  const bus = createInProcessPubSub({ onError: () => undefined });
  const hooks = new Set<() => void | Promise<void>>();
  return {
    ...bus,
    onReconnect: (hook) => {
      hooks.add(hook);
      return () => void hooks.delete(hook);
    },
    reconnected: () => {
      for (const hook of hooks) void hook();
    },
  };
}

/** One instance on the SQLite default: the log, the bus, the hub and the web chats as createBot makes them. */
function setup() {
  const db = openDatabase(':memory:');
  const log = createSqliteConversationLog(db);
  const bus = busWithReconnect();
  const hub = createStreamHub({ events: bus, read: committedActivities(log) });
  const chats = createWebChats({ log, hub });
  const conversation = async () => {
    const id = `c${Math.random().toString(36).slice(2)}`;
    await log.create({ id, userId: 'u', createdAt: new Date().toISOString() });
    return id;
  };
  const store = (id: string, texts: string[]) => log.durably(() => chats.store(id, messages(texts)));
  return { db, log, bus, hub, chats, conversation, store };
}

describe('Direct Line streams in one instance (SQLite, in-process events)', () => {
  const parts = setup();
  const { hub, log, bus, conversation, store } = parts;
  let server: Awaited<ReturnType<typeof streamServer>>;
  afterAll(async () => {
    hub.closeAll();
    await server?.close();
    parts.db.close();
  });

  it('sends what came after the client’s watermark, then each new page once, in order', async () => {
    server = await streamServer({ a: hub });
    const id = await conversation();
    await store(id, numbered(1, 3));
    const client = await server.open('a', id, 1);
    await store(id, ['#4']);
    await store(id, numbered(5, 6));
    await received(client, numbered(2, 6));
    expect(client.texts).toEqual(numbered(2, 6));
    expect(client.sets.map((s) => s.watermark)).toEqual(['3', '4', '6']);
  });

  it('gives every stream each activity exactly once while pages are stored as the streams open', async () => {
    const id = await conversation();
    const opening = Array.from({ length: 8 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 3)).then(() => server.open('a', id, 0)));
    for (let n = 1; n <= 30; n++) {
      await store(id, [`#${n}`]);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const clients = await Promise.all(opening);
    for (const client of clients) await received(client, numbered(1, 30));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const client of clients) expect(client.texts).toEqual(numbered(1, 30));
  });

  it('a client whose watermark is past the end of the log gets what is stored next', async () => {
    const id = await conversation();
    const client = await server.open('a', id, 99);
    await store(id, ['#1']);
    await received(client, ['#1']);
    expect(client.texts).toEqual(['#1']);
  });

  it('reads the log when another instance announces a page, and catches up every stream when events may have been missed', async () => {
    const id = await conversation();
    const client = await server.open('a', id, 0);
    // Another instance's page: rows in the shared log and a pointer on the bus, nothing else.
    const elsewhere = (texts: string[]) => log.durably(() => log.append(id, messages(texts), (a, seq) => ({ ...a, id: `${id}|${seq}` }) as never));
    const page = await elsewhere(numbered(1, 2));
    await bus.publish(STREAM_CHANNEL, { conversationId: id, watermark: page.watermark });
    await received(client, numbered(1, 2));
    // Its announcement lost (the listening connection was down): the reconnect brings it.
    await elsewhere(['#3']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.texts).toEqual(numbered(1, 2));
    bus.reconnected();
    await received(client, numbered(1, 3));
    // A page stored here after that starts right where the stream is.
    await store(id, ['#4']);
    await received(client, numbered(1, 4));
    expect(client.texts).toEqual(numbered(1, 4));
  });

  it('shows typing live without storing it, and closes the conversation’s streams when it ends', async () => {
    const id = await conversation();
    const [first, second] = [await server.open('a', id, 0), await server.open('a', id, 0)];
    hub.typing(id);
    await received(first, ['(typing)']);
    await received(second, ['(typing)']);
    expect((await log.since(id, 0)).activities).toEqual([]);
    hub.close(id);
    await vi.waitFor(() => {
      expect(first.closed()).toBe(1000);
      expect(second.closed()).toBe(1000);
    }, WAIT);
  });
});
