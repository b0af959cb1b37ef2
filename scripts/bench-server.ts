// A server for the benchmark's HTTP part, in its own process so the load generator does not share its event loop.
// `bot`: our bot with its defaults, its SQLite file in BENCH_DATA_DIR (':memory:' for the no-disk comparison);
// `echo`: the do-nothing botbuilder echo bot.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createBot } from '../bot/bot.js';
import { readConfig } from '../bot/config.js';
import { createMessagesRouter } from '../bot/api-messages.js';
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
function botApp() {
  const bot = createBot(readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...UNLIMITED }));
  return createServer({ config: bot.config, logger: bot.logger, routes: [['/api/messages', createMessagesRouter(bot)]] });
}

const app = process.argv[2] === 'echo' ? echoApp() : botApp();
const server = createHttpServer(app).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
