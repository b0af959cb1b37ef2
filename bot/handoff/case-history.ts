/** A closed or answered case as the history lists it. */
export type HistoryItem = {
  caseId: string;
  /** closed, or answered by e-mail */
  endedAt: string;
  createdAt: string;
  outcome: 'closed' | 'answered';
  storeId?: string;
  email?: string;
  locale: string;
  headline: string;
  agent?: string;
};

export type HistoryQuery = {
  storeId?: string;
  email?: string;
  /** words, each must occur (prefixes match) in the questions, transcript, notes or e-mail answers */
  text?: string;
  /** ISO dates; the case ended on or after `from` and before `to` */
  from?: string;
  to?: string;
  /** the `next` of the previous page */
  after?: string;
  limit?: number;
};

export type HistoryPage = { items: HistoryItem[]; next?: string };

/** Closed and answered cases, newest first, searchable; `put` replaces the entry of a case recorded before. */
export type CaseHistory = {
  put: (item: HistoryItem, body: string) => Promise<void>;
  search: (query: HistoryQuery) => Promise<HistoryPage>;
};

/** A case_history row, as both engines return it. */
export type HistoryRow = {
  seq: number;
  case_id: string;
  ended_at: string;
  created_at: string;
  outcome: HistoryItem['outcome'];
  store_id: string | null;
  email: string | null;
  locale: string;
  headline: string;
  agent: string | null;
};

export function toItem(row: HistoryRow): HistoryItem {
  return {
    caseId: row.case_id,
    endedAt: row.ended_at,
    createdAt: row.created_at,
    outcome: row.outcome,
    storeId: row.store_id ?? undefined,
    email: row.email ?? undefined,
    locale: row.locale,
    headline: row.headline,
    agent: row.agent ?? undefined,
  };
}
