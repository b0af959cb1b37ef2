import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_ID } from '../../bot/channel/web-chats.js';
import { readConfig } from '../../bot/config.js';
import { createHttpServer } from '../../bot/http-server.js';
import { createSite, type Site } from '../../bot/site.js';
import { migrate } from '../../bot/storage/postgres/migrate.js';
import { openDatabase } from '../../bot/storage/database.js';
import { createPool } from '../../bot/storage/postgres/pool.js';
import { createPostgresChatStores } from '../../bot/storage/postgres/postgres-chat-stores.js';
import type { Grant } from '../support/directline-client.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { rawDirectLine } from '../support/raw-direct-line.js';

type Instance = { url: string; site: Site; server: Server; pool: pg.Pool };

// Two sites on one PostgreSQL database for the web chat's stores (their bot state and handoff stay in SQLite files of
// their own here: those stores are another change's), with one token key, as instances behind a load balancer are.
describePostgres('the web channel on two instances sharing PostgreSQL', () => {
  let database: TestDatabase;
  let instances: Instance[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('direct_line');
    const secret = 'k'.repeat(40);
    const start = async (): Promise<Instance> => {
      const pool = createPool(database.url, { max: 4 });
      await migrate(pool);
      const config = readConfig({
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: ':memory:',
        DIRECT_LINE_SECRET: secret,
        RATE_LIMIT_TURNS_PER_MINUTE: '0',
      });
      const site = await createSite(config, { chatStores: createPostgresChatStores(pool, { webChannelId: CHANNEL_ID }), database: openDatabase(':memory:') });
      const server = createHttpServer(site.app, config).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      site.attach(server);
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, site, server, pool };
    };
    instances = [await start(), await start()];
  });
  afterAll(async () => {
    for (const { site, server, pool } of instances) {
      site.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      site.bot.database?.close();
      await pool.end();
    }
    await database?.drop();
  });

  it('a conversation gets its token on one instance, starts on the other and posts on both: one log, numbered without gaps', async () => {
    const [a, b] = instances as [Instance, Instance];
    const grant = (await (await rawDirectLine(a.url).generate()).json()) as Grant;
    expect((await rawDirectLine(b.url).start(grant)).status).toBe(201);
    for (const [i, text] of ['kuidas kaardimakseid aktiveerida', 'where are my api keys', 'makselingi loomine', 'aitäh'].entries()) {
      expect((await rawDirectLine(i % 2 ? a.url : b.url).post(grant, { type: 'message', text })).status).toBe(200);
    }
    const [onA, onB] = [await rawDirectLine(a.url).activities(grant), await rawDirectLine(b.url).activities(grant)];
    expect(onA).toEqual(onB);
    expect(onA.map((activity) => Number(activity.id.split('|')[1]))).toEqual(onA.map((_, i) => i + 1));
    expect(onA.filter((activity) => activity.from.role === 'user').map((activity) => activity.text)).toEqual([
      'kuidas kaardimakseid aktiveerida',
      'where are my api keys',
      'makselingi loomine',
      'aitäh',
    ]);
    // The transcript the agent side reads is that log, on either instance.
    const transcript = await b.site.bot.transcripts.getTranscriptActivities(CHANNEL_ID, grant.conversationId);
    expect(transcript.items).toHaveLength(onA.length);
  });

  it('a stream token opens one socket once, whichever instance it is tried on', async () => {
    const [a, b] = instances as [Instance, Instance];
    const grant = await rawDirectLine(a.url).open();
    const res = await fetch(`${a.url}/v3/directline/conversations/${grant.conversationId}`, { headers: { authorization: `Bearer ${grant.token}` } });
    const { streamUrl } = (await res.json()) as { streamUrl: string };
    const open = (url: string) =>
      new Promise<{ outcome: string; socket: WebSocket }>((resolve) => {
        const socket = new WebSocket(url);
        socket.once('open', () => resolve({ outcome: 'open', socket }));
        socket.once('unexpected-response', (_req, response) => resolve({ outcome: String(response.statusCode), socket }));
        socket.once('error', () => resolve({ outcome: 'error', socket }));
      });
    const first = await open(streamUrl);
    const again = await open(streamUrl.replace(a.url.replace('http', 'ws'), b.url.replace('http', 'ws')));
    expect([first.outcome, again.outcome]).toEqual(['open', '403']);
    first.socket.terminate();
  });
});
