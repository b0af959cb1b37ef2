import type { Logger } from '../logger.js';
import type { Database } from '../storage/database.js';
import type { DataErasure } from './data-erasure.js';
import { createRetention, type Retention } from './retention.js';
import { createSqliteErasure } from './sqlite-erasure.js';
import { createSqliteRetentionPurge } from './sqlite-retention.js';

export type Privacy = { erasure: DataErasure; retention: Retention };
export type PrivacyOptions = { days: number; logger: Logger; now?: () => Date };

/** GDPR erasure and the RETENTION_DAYS purge on the SQLite file. */
export function createSqlitePrivacy(db: Database, options: PrivacyOptions): Privacy {
  const erasure = createSqliteErasure(db, options.now);
  return { erasure, retention: createRetention({ ...options, erasure, purge: createSqliteRetentionPurge(db, erasure) }) };
}

