import { ConnectionStatus, type DirectLine } from 'botframework-directlinejs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDirectLine, generateToken, listen, seqOf, waitForStatus } from '../support/directline-client.js';
import { startWebServer, type WebServer } from '../support/web-server.js';

const fromBot = (a: { from: { role?: string } }) => a.from.role === 'bot';
const messages = (a: { type: string }) => a.type === 'message';
const question = { type: 'message', from: { id: 'ignored-by-the-server' }, text: 'kuidas kaardimakseid aktiveerida' } as const;

describe('Direct Line channel, driven by botframework-directlinejs', () => {
  let server: WebServer;
  const open: DirectLine[] = [];

  async function start(options: Omit<Parameters<typeof connectDirectLine>[1], 'token'> = {}) {
    const grant = await generateToken(server.url);
    const directLine = connectDirectLine(server.url, { token: grant.token, conversationStartProperties: { locale: 'et-EE' }, ...options });
    open.push(directLine);
    return { ...grant, directLine, client: listen(directLine) };
  }

  beforeAll(async () => {
    server = await startWebServer();
  });
  afterEach(() => {
    for (const directLine of open.splice(0)) directLine.end();
  });
  afterAll(() => server.stop());

  it('starts a conversation from a token and streams the welcome in the requested language over a WebSocket', async () => {
    let sockets = 0;
    const { client } = await start({ conversationStartProperties: { locale: 'en-US' }, onSocket: () => sockets++ });
    const [welcome] = await client.take(1, messages);
    expect(welcome?.text).toMatch(/^Hi! I'm Montonio's assistant/);
    expect(welcome?.from).toMatchObject({ role: 'bot' });
    expect(sockets).toBe(1);
  });

  it('echoes a posted question with its id first, then streams the numbered steps that reply to it', async () => {
    const { client, directLine } = await start();
    await client.take(1, messages);
    const id = await directLine.postActivity(question).toPromise();
    const [echo, answer] = await client.take(2, messages);
    expect(echo).toMatchObject({ id, text: question.text, from: { role: 'user' } });
    expect(echo?.from.id).toMatch(/^dl_/);
    expect(answer?.text).toMatch(/\n1\. .+\n2\. /);
    expect(answer).toMatchObject({ replyToId: id, locale: 'et-EE' });
    expect(seqOf(answer as never)).toBe(seqOf(echo as never) + 1);
  });

  it('resumes a conversation by id with a watermark, receiving only what came after it', async () => {
    const { client, directLine, token, conversationId } = await start();
    const [welcome] = await client.take(1, messages);
    await directLine.postActivity(question).toPromise();
    await client.take(3, messages);
    directLine.end();

    const resumed = connectDirectLine(server.url, { token, conversationId, watermark: String(seqOf(welcome as never)) });
    open.push(resumed);
    const history = await listen(resumed).take(3);
    expect(history.map(seqOf)).toEqual([2, 3, 4]);
    expect(history[0]?.text).toBe(question.text);
  });

  it('still works by polling, for clients without WebSockets', async () => {
    const { client, directLine } = await start({ webSocket: false, pollingInterval: 200 });
    await client.take(1, messages);
    await directLine.postActivity(question).toPromise();
    const [answer] = await client.take(1, (a) => messages(a) && fromBot(a));
    expect(answer?.text).toContain('1. ');
  });

  it('shows the merchant their message with pasted secrets masked, live and in the history', async () => {
    const { client, directLine, token, conversationId } = await start({ conversationStartProperties: { locale: 'en-US' } });
    await client.take(1, messages);
    await directLine.postActivity({ ...question, text: 'my secret key is sk_live_8fJ2kLm9Qx7Rt5Vw3Yz1Ab4C' }).toPromise();
    const [echo] = await client.take(1, (a) => a.from.role === 'user');
    expect(echo?.text).toBe('my secret key is ••••••');
    const history = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    expect(JSON.stringify(await history.json())).not.toContain('8fJ2kLm9');
  });

  it('delivers a message pushed from outside the bot (an agent) live to the open conversation', async () => {
    const { client, conversationId } = await start();
    await client.take(1, messages);
    const delivery = await server.parts.chats.deliver(conversationId, [{ text: 'Tere, siin Kati Montonio toest.', from: { id: 'agent-kati', name: 'Kati' } }]);
    const [agentMessage] = await client.take(1, messages);
    expect(agentMessage).toMatchObject({
      id: delivery.delivered && delivery.ids[0],
      text: 'Tere, siin Kati Montonio toest.',
      from: { id: 'agent-kati', role: 'bot' },
    });
    expect(await server.parts.chats.deliver('no-such-conversation', [{ text: 'hello' }])).toEqual({ delivered: false, reason: 'notThisChannel' });
  });

  it('cannot connect with a token that is not ours', async () => {
    const directLine = connectDirectLine(server.url, { token: 'not-a-token' });
    open.push(directLine);
    listen(directLine);
    await waitForStatus(directLine, ConnectionStatus.FailedToConnect);
  });
});
