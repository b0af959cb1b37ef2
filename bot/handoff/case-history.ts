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
