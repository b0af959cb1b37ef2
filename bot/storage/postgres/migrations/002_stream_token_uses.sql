-- Direct Line stream tokens open one WebSocket, once, on whichever instance the load balancer picks: the first use
-- of a token's id (its jti) is recorded here, and a second INSERT of it finds the row (token-uses.ts). A token lives
-- a minute; expired rows are deleted a few at a time by the claims themselves.
CREATE TABLE stream_token_uses (
  jti TEXT PRIMARY KEY,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX stream_token_uses_by_expiry ON stream_token_uses (expires_at);
