import { createHash } from 'node:crypto';

export type ErasureKind = 'conversation' | 'store' | 'email';
export type ErasureSubject = { kind: ErasureKind; value: string };
export type ErasureResult = { conversations: number; rows: number };

/** Who asked: a staff member's name, "command" (npm run erase) or "retention". */
export type ErasureAudit = { at: string; by: string; kind: ErasureKind | 'retention'; subject: string; conversations: number; rows: number };

/**
 * GDPR erasure over every table that holds what a merchant wrote: transcripts, the web chat log, state, records,
 * handoff cases and what the agent desk keeps beside them. On SQLite (sqlite-erasure.ts) and PostgreSQL
 * (postgres-erasure.ts); the contract both keep is test/privacy/erasure-contract.ts.
 */
export type DataErasure = {
  /** the conversations an id, a store id or an e-mail address is tied to */
  conversationsOf: (subject: ErasureSubject) => Promise<string[]>;
  /** deletes everything of those conversations in one transaction, and records it in the audit without the content */
  erase: (subject: ErasureSubject, by: string) => Promise<ErasureResult>;
  audit: (entry: ErasureAudit) => Promise<void>;
  /** the audit, oldest first; only the `latest` entries when given */
  auditLog: (latest?: number) => Promise<ErasureAudit[]>;
};

/** The audit names conversations and stores by their ids; an e-mail address, personal data itself, only by its hash. */
export function subjectOf({ kind, value }: ErasureSubject): string {
  return kind === 'email' ? `sha256:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex')}` : value;
}
