import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startBotProcess } from '../support/bot-process.js';
import { tempDataDir } from '../support/web-server.js';

// Inside the project (the compiled files find node_modules from there), in a folder of this run's own.
const out = resolve('test-results', `build-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run build and the compiled server (npm run start:prod)', () => {
  it('builds, then plain node runs it: /healthz and /readyz 200, the widget bundled from the copied browser/, a turn answered, SIGTERM exits 0', {
    timeout: 90_000,
  }, async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { stdio: 'pipe' });
    expect(existsSync(join(out, 'bot/main.js'))).toBe(true);
    // The browser's scripts are bundled by the build, not at every boot.
    expect(readdirSync(join(out, 'browser-bundles')).sort()).toEqual(['console.js', 'panel.js', 'widget.js']);
    // The migrations sit beside the compiled migrate.js, where it looks for them.
    const { MIGRATIONS_DIR } = (await import(pathToFileURL(join(out, 'bot/storage/postgres/migrate.js')).href)) as { MIGRATIONS_DIR: string };
    expect(MIGRATIONS_DIR.startsWith(out)).toBe(true);
    expect(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))).toEqual(
      readdirSync('bot/storage/postgres/migrations').filter((f) => f.endsWith('.sql')),
    );

    const data = tempDataDir();
    try {
      const bot = await startBotProcess({ DATA_DIR: data.dir }, { entry: join(out, 'bot/main.js') });
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
});
