import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotProcess } from '../support/bot-process.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { tempDataDir } from '../support/web-server.js';

// Inside the project (the compiled files find node_modules from there), in a folder of this run's own.
const out = resolve('test-results', `build-${process.pid}`);
beforeAll(() => {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run build and the compiled server (npm run start:prod)', () => {
  it('builds one file with its code cache, which plain node takes, the browser scripts and the parsed content', () => {
    for (const file of ['main.cjs', 'server.cjs', 'server.cjs.cache', 'parsed-yaml.json']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(readdirSync(join(out, 'browser-bundles')).sort()).toEqual(['console.js', 'panel.js', 'widget.js']);
    // The migrations sit where the bundle's migrate.ts looks for them (beside where migrate.js would be).
    expect(readdirSync(join(out, 'bot/storage/postgres/migrations')).filter((f) => f.endsWith('.sql'))).toEqual(
      readdirSync('bot/storage/postgres/migrations').filter((f) => f.endsWith('.sql')),
    );
    // What main.cjs does with the cache: V8 takes it (the same Node, the same flags), it does not refuse it.
    const check = `const fs=require('fs'),vm=require('vm'),M=require('module');const s=new vm.Script(M.wrap(fs.readFileSync(process.argv[1],'utf8')),{filename:process.argv[1],cachedData:fs.readFileSync(process.argv[1]+'.cache')});process.stdout.write(String(s.cachedDataRejected))`;
    expect(execFileSync(process.execPath, ['-e', check, join(out, 'server.cjs')], { encoding: 'utf8' })).toBe('false');
  });

  it('runs with plain node: /healthz and /readyz 200, the widget and console scripts built ahead, a turn answered, SIGTERM exits 0', {
    timeout: 90_000,
  }, async () => {
    const data = tempDataDir();
    try {
      const bot = await startBotProcess({ DATA_DIR: data.dir }, { entry: join(out, 'main.cjs') });
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${bot.url}/readyz`)).json()).toEqual({ status: 'ready' });
      const widget = await fetch(`${bot.url}/widget.js`);
      expect(widget.status).toBe(200);
      const launcher = await widget.text();
      expect(launcher.length).toBeGreaterThan(1000);
      // The panel's path, named by its content, is in the launcher's settings, and is served.
      const panel = /\/widget\/panel-[\w-]+\.js/.exec(launcher)?.[0] as string;
      expect((await fetch(`${bot.url}${panel}`)).status).toBe(200);
      expect((await fetch(`${bot.url}/staff/staff.css`)).status).toBe(200);
      const answer = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'a1',
          text: 'How do I activate card payments?',
          channelId: 'emulator',
          serviceUrl: 'http://localhost:1',
          from: { id: 'u1' },
          recipient: { id: 'bot' },
          conversation: { id: 'c1' },
          deliveryMode: 'expectReplies',
        }),
      });
      expect(answer.status).toBe(200);
      const replies = ((await answer.json()) as { activities: { channelData?: { answer?: { kind: string } } }[] }).activities;
      expect(replies.some((a) => a.channelData?.answer?.kind === 'guide')).toBe(true);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      data.remove();
    }
  });
  it('with Bot Framework credentials, checks tokens in the bundle too: none and a forged one are 401', { timeout: 60_000 }, async () => {
    const data = tempDataDir();
    try {
      const env = { DATA_DIR: data.dir, MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used' };
      const bot = await startBotProcess(env, { entry: join(out, 'main.cjs') });
      const activity = {
        type: 'message',
        text: 'tere',
        channelId: 'emulator',
        serviceUrl: 'http://localhost:1',
        from: { id: 'u1' },
        recipient: { id: 'bot' },
        conversation: { id: 'c1' },
      };
      const post = (headers: Record<string, string> = {}) =>
        fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
      expect((await post()).status).toBe(401);
      const forged = `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"aud":"x"}').toString('base64url')}.`;
      expect((await post({ authorization: forged })).status).toBe(401);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      data.remove();
    }
  });
});

describePostgres('the compiled server on PostgreSQL', () => {
  it('migrates an empty database at boot from the migrations beside it and is ready', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase('compiled');
    const data = tempDataDir();
    try {
      const env = { DATA_DIR: data.dir, DATABASE_URL: database.url, DIRECT_LINE_SECRET: 'compiled-server-test-secret-0123456789' };
      const bot = await startBotProcess(env, { entry: join(out, 'main.cjs') });
      expect(await (await fetch(`${bot.url}/readyz`)).json()).toEqual({ status: 'ready' });
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      data.remove();
      await database.drop();
    }
  });
});
