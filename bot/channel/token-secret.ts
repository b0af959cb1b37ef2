import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'direct-line-secret';

/**
 * The key that signs web chat tokens: DIRECT_LINE_SECRET when set, else one generated on first boot and kept in
 * DATA_DIR, so a restart does not sign every merchant out of their conversation.
 */
export function loadTokenSecret(config: { DIRECT_LINE_SECRET: string; DATA_DIR: string }): string {
  if (config.DIRECT_LINE_SECRET) return config.DIRECT_LINE_SECRET;
  if (config.DATA_DIR === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(config.DATA_DIR, SECRET_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
    throw new Error(
      `${file} holds a token key shorter than 32 characters. Delete the file to generate a new one (open chats will start over), or set DIRECT_LINE_SECRET.`,
    );
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
