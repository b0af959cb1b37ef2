-- The SQLite schema (bot/storage/database.ts and the sqlite-* stores) in PostgreSQL, for several instances sharing one
-- database. Applied once, in one transaction, by migrate.ts under an advisory lock.
--
-- Types: times the SQLite stores keep as ISO-8601 text are TIMESTAMPTZ (pool.ts reads them back as ISO strings, so
-- the stores see what they see today); times kept as epoch milliseconds (sessions, devices, login throttle) stay BIGINT
-- milliseconds. JSON documents are JSONB. Counters that SQLite numbers with AUTOINCREMENT are identity columns: they
-- give unique, rising numbers, but across concurrent transactions not in commit order, so nothing that a reader
-- follows with a watermark uses them (the Direct Line log has its own per-conversation sequence row, below).
-- Text and JSON here cannot hold U+0000: values.ts replaces it before writing.

-- Bot state (botbuilder Storage): every write takes a new eTag from one sequence, so an eTag is never given twice,
-- even to a key deleted and written again (a per-key counter would restart at 1 and let a stale write through).
CREATE SEQUENCE bot_state_etag;
CREATE TABLE bot_state (
  key TEXT PRIMARY KEY,
  etag BIGINT NOT NULL,
  item JSONB NOT NULL
);

-- The web channel (Direct Line). `last_seq` is the conversation's sequence row: an append runs
-- `UPDATE conversations SET last_seq = last_seq + n ... RETURNING last_seq` and inserts its activities in the same
-- transaction. The row lock serialises appends to one conversation across instances (not MAX(seq)+1, which two
-- instances would both read), and a reader's watermark never skips a row committed later with a smaller number.
-- Numbers of a rolled-back append are given again; no client saw them, since replies are acknowledged after commit.
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  started_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX conversations_unstarted ON conversations (created_at) WHERE started_at IS NULL;

CREATE TABLE activities (
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  seq BIGINT NOT NULL,
  activity JSONB NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);

-- Transcripts of the other channels (botbuilder TranscriptStore); a web chat's transcript is its Direct Line log.
CREATE TABLE transcript_activities (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  activity JSONB NOT NULL
);
CREATE INDEX transcript_by_conversation ON transcript_activities (channel_id, conversation_id, seq);

-- Turn and feedback records, and the editors' report of missed questions (sqlite-records.ts).
CREATE TABLE turn_records (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  record JSONB NOT NULL
);
CREATE TABLE feedback_records (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  record JSONB NOT NULL
);
CREATE TABLE missed_questions (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  locale TEXT NOT NULL,
  kind TEXT NOT NULL,
  question TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  guide_id TEXT
);
-- The last question of each conversation ('' guide) and the last one each guide answered.
CREATE TABLE last_questions (
  conversation_id TEXT NOT NULL,
  guide_id TEXT NOT NULL,
  question TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (conversation_id, guide_id)
);
CREATE TABLE last_turns (
  conversation_id TEXT PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  locale TEXT NOT NULL,
  question TEXT NOT NULL,
  kind TEXT NOT NULL,
  guide_id TEXT,
  flagged BOOLEAN NOT NULL DEFAULT false
);

-- Handoff cases and their timelines (handoff/sqlite-handoff-store.ts): searchable fields as columns, the rest one
-- document. The open statuses are handoff-store.ts's OPEN_STATUSES; a claim is a compare-and-set
-- `UPDATE handoff_cases SET status = 'active' ... WHERE id = $1 AND status = ANY($2) RETURNING ...`.
CREATE TABLE handoff_cases (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  data JSONB NOT NULL
);
CREATE INDEX handoff_open_cases ON handoff_cases (conversation_id, created_at)
  WHERE status IN ('waiting', 'active', 'collecting');
CREATE INDEX handoff_cases_by_status ON handoff_cases (status, created_at);

CREATE TABLE handoff_entries (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES handoff_cases (id),
  conversation_id TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  kind TEXT NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  delivered BOOLEAN NOT NULL,
  activity JSONB
);
CREATE INDEX handoff_entries_by_case ON handoff_entries (case_id, seq);
CREATE INDEX handoff_entries_undelivered ON handoff_entries (conversation_id, seq)
  WHERE NOT delivered AND activity IS NOT NULL;

-- When waiting chats were taken, for the expected wait (sqlite-claim-times.ts).
CREATE TABLE handoff_claims (
  case_id TEXT PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX handoff_claims_by_time ON handoff_claims (claimed_at);

-- Who opened cases when, for the per-client limit (sqlite-handoff-intake.ts).
CREATE TABLE handoff_intake (
  client TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX handoff_intake_by_client ON handoff_intake (client, at);

-- Closed and answered cases (sqlite-case-history.ts). SQLite's FTS5 table (unicode61, remove_diacritics) becomes
-- `body` with a generated tsvector: the store writes and queries the body with diacritics already folded away
-- (NFD, combining marks removed), so "voti" finds "võti" without the unaccent extension; prefix search is
-- `body_words @@ to_tsquery('simple', 'voti:*')`.
CREATE TABLE case_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id TEXT NOT NULL UNIQUE,
  ended_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  outcome TEXT NOT NULL,
  store_id TEXT,
  email TEXT,
  locale TEXT NOT NULL,
  headline TEXT NOT NULL,
  agent TEXT,
  body TEXT NOT NULL DEFAULT '',
  body_words TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX case_history_by_end ON case_history (ended_at);
CREATE INDEX case_history_by_store ON case_history (store_id, seq) WHERE store_id IS NOT NULL;
CREATE INDEX case_history_by_email ON case_history (email, seq) WHERE email IS NOT NULL;
CREATE INDEX case_history_words ON case_history USING GIN (body_words);

-- E-mail answers waiting to go out (sqlite-mail-outbox.ts). Several senders take due mail with
-- `FOR UPDATE SKIP LOCKED`, so each is sent by one of them.
CREATE TABLE mail_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  author TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  sent_at TIMESTAMPTZ
);
CREATE INDEX mail_outbox_by_case ON mail_outbox (case_id, id);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_troubled ON mail_outbox (id) WHERE last_error IS NOT NULL AND status IN ('pending', 'failed');

-- Handoff webhook deliveries (today handoff-webhook.ts retries in memory, lost with the process). A delivery is
-- written in the transaction that opens the case; senders on any instance take due rows with
-- `UPDATE ... SET claimed_until = now() + lease WHERE id IN (SELECT id ... FOR UPDATE SKIP LOCKED LIMIT n)`, POST
-- them with the same x-delivery-id on every try (so the helpdesk can drop a repeat), and mark them sent. A row whose
-- lease ran out (its sender died) is due again.
CREATE TABLE webhook_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id UUID NOT NULL UNIQUE,
  event TEXT NOT NULL,
  body JSONB NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'rejected', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  claimed_by TEXT,
  claimed_until TIMESTAMPTZ,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at TIMESTAMPTZ
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE status = 'pending';

-- Staff sign-in (auth/): times in epoch milliseconds, as the stores compute them.
CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);
CREATE TABLE staff_devices (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX staff_devices_by_expiry ON staff_devices (expires_at);
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at BIGINT NOT NULL
);
CREATE TABLE staff_bootstrap (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

-- Erasures and retention purges (privacy/data-erasure.ts).
CREATE TABLE erasure_audit (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  "by" TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  conversations INTEGER NOT NULL,
  "rows" INTEGER NOT NULL
);
