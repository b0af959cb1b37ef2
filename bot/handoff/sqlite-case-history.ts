import { type CaseHistory, type HistoryItem, type HistoryPage, type HistoryRow, toItem } from './case-history.js';
import type { Database } from '../storage/database.js';

// A page of the console's history list: a screenful.
const PAGE = 20;
const MAX_PAGE = 100;

/**
 * The history of closed and answered cases: its own table and an FTS5 index of each case's words. A case keeps the
 * place (seq) it got when it first ended, so the list is in order of ending and pages are keyset pages on seq: page 500
 * costs what page 1 does, and a word search walks the FTS index newest first and stops at a page, even for a word
 * that is in every case.
 */
export function createSqliteCaseHistory(db: Database): CaseHistory {
  db.exec(`
    CREATE TABLE IF NOT EXISTS case_history (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL UNIQUE, ended_at TEXT NOT NULL, created_at TEXT NOT NULL,
      outcome TEXT NOT NULL, store_id TEXT, email TEXT, locale TEXT NOT NULL, headline TEXT NOT NULL, agent TEXT
    );
    CREATE INDEX IF NOT EXISTS case_history_by_end ON case_history (ended_at);
    CREATE INDEX IF NOT EXISTS case_history_by_store ON case_history (store_id, seq) WHERE store_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS case_history_by_email ON case_history (email, seq) WHERE email IS NOT NULL;
    -- Estonian without its diacritics too: agents type "voti" for "võti".
    CREATE VIRTUAL TABLE IF NOT EXISTS case_history_text USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
  `);
  const seqOf = db.prepare<[string], number>('SELECT seq FROM case_history WHERE case_id = ?').pluck();
  const removeText = db.prepare('DELETE FROM case_history_text WHERE rowid = ?');
  const upsert = db.prepare(
    `INSERT INTO case_history (case_id, ended_at, created_at, outcome, store_id, email, locale, headline, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (case_id) DO UPDATE SET ended_at = excluded.ended_at, outcome = excluded.outcome, email = excluded.email, headline = excluded.headline, agent = excluded.agent`,
  );
  const insertText = db.prepare('INSERT INTO case_history_text (rowid, body) VALUES (?, ?)');
  const put = db.transaction((item: HistoryItem, body: string) => {
    const email = item.email?.toLowerCase() ?? null;
    upsert.run(item.caseId, item.endedAt, item.createdAt, item.outcome, item.storeId ?? null, email, item.locale, item.headline, item.agent ?? null);
    const seq = seqOf.get(item.caseId) as number;
    removeText.run(seq);
    insertText.run(seq, body);
  });
  const statements = new Map<string, ReturnType<typeof db.prepare<unknown[], HistoryRow>>>();

  return {
    async put(item, body) {
      db.commitTick();
      put(item, body);
    },
    async search(query) {
      const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? PAGE));
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, ...values: unknown[]) => {
        where.push(sql);
        params.push(...values);
      };
      const match = query.text ? ftsQuery(query.text) : '';
      // With words, the FTS index leads (its rowid is seq); otherwise the table and its indexes.
      const key = match ? 'f.rowid' : 'h.seq';
      if (match) add('case_history_text MATCH ?', match);
      if (query.storeId) add('h.store_id = ?', query.storeId);
      if (query.email) add('h.email = ?', query.email.trim().toLowerCase());
      if (query.from) add('h.ended_at >= ?', query.from);
      if (query.to) add('h.ended_at < ?', query.to);
      const after = Number(query.after);
      if (Number.isInteger(after) && after > 0) add(`${key} < ?`, after);
      const from = match ? 'case_history_text f JOIN case_history h ON h.seq = f.rowid' : 'case_history h';
      const sql = `SELECT h.* FROM ${from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${key} DESC LIMIT ?`;
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare<unknown[], HistoryRow>(sql);
        statements.set(sql, statement);
      }
      const rows = statement.all(...params, limit + 1);
      const page: HistoryPage = { items: rows.slice(0, limit).map(toItem) };
      if (rows.length > limit) page.next = String(rows[limit - 1]?.seq);
      return page;
    },
  };
}

/** Each word of what the agent typed must occur, as a word or the start of one; FTS5 syntax in the text is not obeyed. */
function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, 10)
    .map((w) => `"${w}"*`)
    .join(' ');
}
