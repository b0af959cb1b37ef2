import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDirectLine } from '../support/raw-direct-line.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('deeply nested JSON', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server.stop());

  it('is a 400 naming the limit on both endpoints, with nothing on stderr, and the chat goes on', async () => {
    const dl = rawDirectLine(server.url);
    const grant = await dl.open();
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const web = await dl.post(grant, `{"type":"message","text":"tere","channelData":${deep(5000)}}`);
      expect(web.status).toBe(400);
      expect(await web.json()).toEqual({ error: 'The JSON nests deeper than 64 levels.' });
      const messages = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"type":"message","text":"tere","channelId":"emulator","conversation":{"id":"deep"},"channelData":${deep(5000)}}`,
      });
      expect(messages.status).toBe(400);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toBe('');
    // Ordinary nesting (an Adaptive Card's containers) passes, and the conversation still answers.
    const ok = await dl.post(grant, { type: 'message', text: 'kuidas kaardimakseid aktiveerida', channelData: JSON.parse(deep(20)) });
    expect(ok.status).toBe(200);
  });
});
