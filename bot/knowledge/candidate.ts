import type { Clause } from './clauses.js';

export type Candidate = {
  id: string;
  kind: 'guide' | 'decline';
  score: number;
  /** the part of the score that came from naming the guide's service ("pangamaksed"), not from the words' weight */
  nameBonus: number;
  /** the merchant's words that matched, each with the guide word it met */
  matched: { word: string; term: string; score: number }[];
  /** the merchant named this guide's service: its whole name, a word only its name has, or one of its one-word keywords */
  named: boolean;
};

export type GuideIndex = {
  /** `locale`: the message's language, when known (it decides how words shared by two languages are read) */
  search: (text: string, locale?: string) => Candidate[];
  /** the message's clauses, each weighed by what it does (asks, tells, says what the merchant already has) */
  clauses: (text: string, locale?: string) => Clause[];
  /** locales whose guides use this word as written, for telling languages apart */
  localesOfWord: (word: string) => readonly string[];
  /** true when one guide's name contains the other's and more: "refundable bank payments" narrows "bank payments" */
  narrows: (narrow: string, broad: string) => boolean;
};
