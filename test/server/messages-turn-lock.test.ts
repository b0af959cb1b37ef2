import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStorage, type Storage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesRouter } from '../../bot/api-messages.js';
import { createInProcessCoordination } from '../../bot/coordination.js';
import { createServer } from '../../bot/server.js';
import { testBot } from '../support/test-bot.js';

/** State that takes a while to read, and remembers how many turns were reading it at once. */
function watchedStorage() {
  const memory = new MemoryStorage();
  const watch = { reading: 0, most: 0 };
  const storage: Storage = {
    read: async (keys) => {
      watch.most = Math.max(watch.most, ++watch.reading);
      await new Promise((resolve) => setTimeout(resolve, 100));
      watch.reading -= 1;
      return memory.read(keys);
    },
    write: (changes) => memory.write(changes),
    delete: (keys) => memory.delete(keys),
  };
  return { storage, watch };
}

/** /api/messages on a bot whose coordination is `shared` (several instances) or not (the SQLite default). */
function describeMessages(shared: boolean, body: (post: (conversationId: string, text: string) => Promise<Response>, watch: { most: number }) => void) {
  const { storage, watch } = watchedStorage();
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const parts = testBot({}, { storage, coordination: { ...createInProcessCoordination(), shared } });
    server = createHttpServer(createServer({ config: parts.config, logger: parts.logger, routes: [['/api/messages', createMessagesRouter(parts)]] }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const post = (conversationId: string, text: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text,
        deliveryMode: 'expectReplies',
        channelId: 'emulator',
        conversation: { id: conversationId },
        from: { id: 'merchant' },
        recipient: { id: 'bot' },
      }),
    });
  body(post, watch);
}

describe('POST /api/messages when instances share a database: one turn at a time per conversation', () => {
  describeMessages(true, (post, watch) => {
    it('two messages of one conversation sent at once: the second turn loads the state after the first saved it', async () => {
      watch.most = 0;
      const answers = await Promise.all([post('same', 'tere'), post('same', 'kuidas kaardimakseid aktiveerida')]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(watch.most).toBe(1);
    });

    it('turns of different conversations still run side by side', async () => {
      watch.most = 0;
      await Promise.all([post('one', 'tere'), post('other', 'tere')]);
      expect(watch.most).toBe(2);
    });
  });
});

describe('POST /api/messages in a single instance (the SQLite default)', () => {
  describeMessages(false, (post, watch) => {
    it('runs two messages of one conversation side by side, as it always did', async () => {
      watch.most = 0;
      await Promise.all([post('same', 'tere'), post('same', 'tere')]);
      expect(watch.most).toBe(2);
    });
  });
});
