// A server for the benchmark's HTTP part, in its own process so the load generator does not share its event loop.
// `bot`: our bot with its embedded defaults (in-memory data); `echo`: a do-nothing botbuilder echo bot.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { createApp } from '../bot/app.js';
import { readConfig } from '../bot/config.js';
import { createServer } from '../bot/server.js';

function echoApp() {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const app = express();
  app.post('/api/messages', express.json(), (req, res) => adapter.process(req, res, (context) => bot.run(context)));
  return app;
}

const app = process.argv[2] === 'echo' ? echoApp() : createServer(createApp(readConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: ':memory:' })));
const server = createHttpServer(app).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
