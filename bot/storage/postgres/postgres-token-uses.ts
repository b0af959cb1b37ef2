import type pg from 'pg';
import type { TokenUses } from '../token-uses.js';
import { pgText } from './values.js';

// Each claim also deletes up to this many expired rows: as many as claims come, so the table stays small.
const FORGET_PER_CLAIM = 10;

const CLAIM = `WITH forgotten AS (
    DELETE FROM stream_token_uses WHERE jti IN (SELECT jti FROM stream_token_uses WHERE expires_at < now() LIMIT ${FORGET_PER_CLAIM} FOR UPDATE SKIP LOCKED)
  )
  INSERT INTO stream_token_uses (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (jti) DO NOTHING RETURNING jti`;

/** Once-only tokens shared by every instance (migration 002): of two uses at once, anywhere, the INSERT lets one through. */
export function createPostgresTokenUses(pool: pg.Pool): TokenUses {
  return {
    claim: async (jti, expiresAt) => ((await pool.query(CLAIM, [pgText(jti), expiresAt])).rowCount ?? 0) === 1,
  };
}
