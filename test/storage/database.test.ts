import { describe, expect, it } from 'vitest';
import { createBot } from '../../bot/bot.js';
import { readConfig } from '../../bot/config.js';
import { openDatabase } from '../../bot/storage/database.js';
import { tempDataDir } from '../support/web-server.js';

describe('the data folder', () => {
  it('belongs to one bot: a second one on the same DATA_DIR stops at boot with a sentence, and starts once the first is gone', {
    timeout: 20_000,
  }, async () => {
    const data = tempDataDir();
    try {
      const first = createBot(readConfig({ LOG_LEVEL: 'silent', DATA_DIR: data.dir }));
      await first.records.addFeedback({ conversationId: 'c', at: '2026-11-26T10:00:00Z', locale: 'et', guideId: 'api-keys', helpful: true });
      expect(() => createBot(readConfig({ LOG_LEVEL: 'silent', DATA_DIR: data.dir }))).toThrow(/in use by another process.*DATA_DIR/);
      first.database!.close();
      const second = openDatabase(data.dir);
      expect(second.prepare('SELECT COUNT(*) AS n FROM feedback_records').get()).toEqual({ n: 1 });
      second.close();
    } finally {
      data.remove();
    }
  });
});
