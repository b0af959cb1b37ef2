import type pg from 'pg';
import type { Logger } from '../logger.js';
import type { Database } from '../storage/database.js';
import type { DataErasure } from './data-erasure.js';
import { createPostgresErasure } from './postgres-erasure.js';
import { createPostgresRetentionPurge } from './postgres-retention.js';
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

/** GDPR erasure and the RETENTION_DAYS purge on PostgreSQL (any instance may run them; each purge batch locks its rows). */
export function createPostgresPrivacy(pool: pg.Pool, options: PrivacyOptions): Privacy {
  const erasure = createPostgresErasure(pool, options.now);
  return { erasure, retention: createRetention({ ...options, erasure, purge: createPostgresRetentionPurge(pool) }) };
}
