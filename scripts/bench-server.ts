// A server for the benchmark's HTTP part, in its own process so the load generator does not share its event loop.
// `bot`: our bot's /api/messages as site.ts mounts it, its SQLite file in BENCH_DATA_DIR (':memory:' for the no-disk
// comparison), or with DATABASE_URL (and DIRECT_LINE_SECRET) everything on PostgreSQL, as an instance of several;
// `echo`: the do-nothing botbuilder echo bot.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createMessagesRouter } from '../bot/api-messages.js';
import { createBot } from '../bot/bot.js';
import { readConfig } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { openPostgresEngine } from '../bot/postgres-engine.js';
import { createServer } from '../bot/server.js';
import { echoBot } from './echo-bot.js';

function echoApp() {
  const { adapter, logic } = echoBot();
  const app = express();
  app.post('/api/messages', express.json(), (req, res) => adapter.process(req, res, logic));
  return app;
}

const dataDir = process.env.BENCH_DATA_DIR ?? ':memory:';
// The load generator is one address sending thousands of turns a second: what the limits exist to stop.
const UNLIMITED = { RATE_LIMIT_TURNS_PER_MINUTE: '0', RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: '0' };
async function botApp() {
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...UNLIMITED });
  const logger = createLogger(config.LOG_LEVEL);
  // DATABASE_URL: the stores, the bot's state, live events and turn locks on PostgreSQL, migrated here as site.ts does.
  const postgres = config.DATABASE_URL ? await openPostgresEngine(config, { logger, now: () => new Date() }) : undefined;
  const bot = createBot(config, { ...postgres?.bot, logger });
  // As site.ts: a web chat's conversation is refused here, which costs each turn a read of the conversation log.
  const isWebConversation = async (id: string) => (await bot.chats.log.get(id)) !== undefined;
  return createServer({ config: bot.config, logger: bot.logger, routes: [['/api/messages', createMessagesRouter({ ...bot, isWebConversation })]] });
}

const app = process.argv[2] === 'echo' ? echoApp() : await botApp();
const server = createHttpServer(app).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
