-- Agents online across instances (bot/events/postgres-presence.ts). Each instance keeps one row per agent with a
-- console open on it, and moves `expires_at` forward on every heartbeat; an instance that stops (or crashes) leaves
-- rows that simply expire. Agents online = count(DISTINCT agent) of the rows not expired. Times come from the
-- database's clock, so instances with skewed clocks agree.
CREATE TABLE agent_presence (
  instance_id TEXT NOT NULL,
  agent TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (instance_id, agent)
);
CREATE INDEX agent_presence_by_expiry ON agent_presence (expires_at);
