import type { Queryable } from '../storage/postgres/pool.js';
import { pgText } from '../storage/postgres/values.js';
import { type CaseHistory, type HistoryPage, type HistoryRow, toItem } from './case-history.js';

// A page of the console's history list: a screenful (as sqlite-case-history.ts).
const PAGE = 20;
const MAX_PAGE = 100;
const COLUMNS = 'seq, case_id, ended_at, created_at, outcome, store_id, email, locale, headline, agent';

const PUT = `INSERT INTO case_history (case_id, ended_at, created_at, outcome, store_id, email, locale, headline, agent, body)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (case_id) DO UPDATE SET ended_at = excluded.ended_at, outcome = excluded.outcome, email = excluded.email,
    headline = excluded.headline, agent = excluded.agent, body = excluded.body`;

/**
 * The history of closed and answered cases in PostgreSQL (case_history, migration 001). SQLite's FTS5 index
 * (unicode61, diacritics removed) becomes the generated tsvector `body_words`: the body is stored as its words, folded
 * the same way (NFD, combining marks removed, lower case) and split as FTS5 splits them (letters and digits), so
 * "voti" finds "võti" and "pood" finds "jaan@pood.lv"; each searched word matches as a prefix. A case keeps the place
 * (seq) it got when it first ended: the list is in order of ending, and pages are keyset pages on seq.
 */
export function createPostgresCaseHistory(db: Queryable): CaseHistory {
  return {
    async put(item, body) {
      await db.query(PUT, [
        pgText(item.caseId),
        item.endedAt,
        item.createdAt,
        item.outcome,
        item.storeId === undefined ? null : pgText(item.storeId),
        item.email === undefined ? null : pgText(item.email.toLowerCase()),
        pgText(item.locale),
        pgText(item.headline),
        item.agent === undefined ? null : pgText(item.agent),
        wordsOf(body).join(' '),
      ]);
    },
    async search(query) {
      const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? PAGE));
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      const words = query.text ? wordsOf(query.text).slice(0, 10) : [];
      if (words.length > 0) add("body_words @@ to_tsquery('simple', ?)", words.map((w) => `${w}:*`).join(' & '));
      if (query.storeId) add('store_id = ?', pgText(query.storeId));
      if (query.email) add('email = ?', pgText(query.email.trim().toLowerCase()));
      const from = isoOf(query.from);
      const to = isoOf(query.to);
      if (from) add('ended_at >= ?::timestamptz', from);
      if (to) add('ended_at < ?::timestamptz', to);
      const after = Number(query.after);
      if (Number.isInteger(after) && after > 0) add('seq < ?', after);
      params.push(limit + 1);
      const sql = `SELECT ${COLUMNS} FROM case_history ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`;
      const { rows } = await db.query<HistoryRow>(sql, params);
      const page: HistoryPage = { items: rows.slice(0, limit).map(toItem) };
      if (rows.length > limit) page.next = String(rows[limit - 1]?.seq);
      return page;
    },
  };
}

/** The words FTS5's unicode61 tokenizer would index, diacritics removed, lower case. */
export function wordsOf(text: string): string[] {
  const folded = pgText(text).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A day or an instant as UTC ISO (SQLite compares the text, so "2025-06-01" means that day in UTC); undefined if none. */
function isoOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
