import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string; subject: string; text: string; receivedAt: number };

/**
 * A real SMTP server in this process: what the bot sends over the wire arrives here, parsed. `refuse` makes it answer
 * every message with a temporary error (451), as a mail server in trouble does.
 */
export async function startSmtpInbox() {
  const mails: ReceivedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The test network has no DNS: a reverse lookup of 127.0.0.1 would only wait.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      if (refusing) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (parsed: ParsedMail) => {
          const address = (a: ParsedMail['to'] | ParsedMail['from']) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
          mails.push({ from: address(parsed.from), to: address(parsed.to), subject: parsed.subject ?? '', text: parsed.text ?? '', receivedAt: Date.now() });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse(on: boolean) {
      refusing = on;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
