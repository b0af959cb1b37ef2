import { stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../bot/staff/password-hash.js';

// Shorter passwords fall to guessing even through scrypt; a passphrase of a few words is easy to type.
const MIN_LENGTH = 12;

/** `npm run staff:hash` asks for a password (or reads one line from a pipe) and prints the hash for STAFF_USERS. */
async function main(): Promise<void> {
  const password = await readPassword();
  if (password.length < MIN_LENGTH) {
    process.stderr.write(`The password has ${password.length} characters; use at least ${MIN_LENGTH} (a few words make a good one).\n`);
    process.exit(1);
  }
  const hash = hashPassword(password);
  stdout.write(`${hash}\n`);
  process.stderr.write(`Add to STAFF_USERS, e.g.  kadri:Kadri Tamm:agent:${hash}\n`);
}

async function readPassword(): Promise<string> {
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin });
    for await (const line of rl) return line;
    return '';
  }
  process.stderr.write('Password (not shown): ');
  stdin.setRawMode(true);
  let typed = '';
  for await (const chunk of stdin) {
    for (const ch of String(chunk)) {
      if (ch === '\r' || ch === '\n') {
        stdin.setRawMode(false);
        process.stderr.write('\n');
        return typed;
      }
      if (ch === '\u0003') process.exit(130);
      typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
    }
  }
  return typed;
}

await main();
