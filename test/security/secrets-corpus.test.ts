import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskSecrets } from '../../bot/secrets.js';
import { ORDINARY, SECRETS } from '../fixtures/secrets-corpus.js';
import { apiMerchant, type RunningSite, signIn, startSite, waitFor, webMerchant, openDesk } from '../support/staff-site.js';

/** Every file of the data folder (the SQLite file, its WAL), as bytes. */
const dataBytes = (dir: string) => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));

/** The ways a secret could show: the whole message as typed (also JSON-escaped), the value, a card's bare digits. */
function tracesOf(c: { message: string; secret: string }): string[] {
  const traces = [c.message, JSON.stringify(c.message).slice(1, -1)];
  if (c.secret.length >= 6) traces.push(c.secret);
  const digits = c.secret.replace(/\D/g, '');
  if (digits.length >= 11) traces.push(digits);
  return traces;
}

describe('the secrets corpus', () => {
  it(`masks all ${SECRETS.length} secrets and leaves all ${ORDINARY.length} ordinary messages alone`, () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(50);
    for (const c of SECRETS)
      expect(
        tracesOf(c).filter((t) => maskSecrets(c.message).text.includes(t)),
        c.message,
      ).toEqual([]);
    for (const message of ORDINARY) expect(maskSecrets(message)).toEqual({ text: message, found: false });
  });
});

describe('secrets sent through the real server', () => {
  let running: RunningSite;
  let dir: string;
  const webhookBodies: string[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      webhookBodies.push(body);
      res.end('ok');
    });
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as AddressInfo).port;
    // 82 messages from one merchant in a few seconds: the per-client turn limits would (rightly) stop them.
    running = await startSite({
      DATA_DIR: dir,
      RATE_LIMIT_TURNS_PER_MINUTE: '0',
      RATE_LIMIT_ADDRESS_TURNS_PER_MINUTE: '0',
      HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${port}/in`,
      HANDOFF_WEBHOOK_SECRET: 'a webhook secret of some length',
    });
  });
  afterAll(async () => {
    hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reach neither the data folder, the console, the webhook nor the editors’ CSV; ordinary messages arrive whole', async () => {
    const { agent, stream } = await openDesk(running.url);
    const web = await webMerchant(running.url);
    const api = apiMerchant(running.url);
    for (const c of SECRETS) {
      await web.say(c.message);
      await api.say(c.message);
    }
    for (const message of ORDINARY) await web.say(message);
    await web.say('tahan inimesega rääkida');
    await api.say('tahan inimesega rääkida');
    const queue = (await agent.queue()).body as { id: string }[];
    expect(queue).toHaveLength(2);
    const console = JSON.stringify(await Promise.all(queue.map(async (c) => (await agent.detail(c.id)).body)));
    await waitFor(() => webhookBodies.length >= 2);
    const editor = await signIn(running.url, 'eero');
    const csv = await (await fetch(`${running.url}/editor/missed.csv`, { headers: { cookie: editor.cookie } })).text();
    expect(csv).toContain('••••••');
    const whileRunning = dataBytes(dir);
    stream.close();
    await running.stop();
    const afterStop = dataBytes(dir);

    const places: Record<string, (trace: string) => boolean> = {
      'data folder while running': (t) => whileRunning.includes(t),
      'data folder after stop': (t) => afterStop.includes(t),
      console: (t) => console.includes(t) || JSON.stringify(stream.events).includes(t),
      webhook: (t) => webhookBodies.some((b) => b.includes(t)),
      'editors’ CSV': (t) => csv.includes(t),
    };
    const leaks = SECRETS.flatMap((c) =>
      tracesOf(c).flatMap((t) =>
        Object.entries(places)
          .filter(([, has]) => has(t))
          .map(([where]) => `${where}: ${t}`),
      ),
    );
    expect(leaks).toEqual([]);
    const lost = ORDINARY.filter((m) => !console.includes(JSON.stringify(m).slice(1, -1)) || !afterStop.includes(m));
    expect(lost).toEqual([]);
  }, 60_000);
});
