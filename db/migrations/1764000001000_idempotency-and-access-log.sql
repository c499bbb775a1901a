-- Up Migration

-- Idempotency-Key on commands: the first request with a key claims the row (INSERT … ON CONFLICT DO
-- NOTHING is the lock); its answer is stored, and a repeat with the same key and body gets that answer
-- again without reaching Temporal. Keys expire after 24 hours (deleted when new keys are stored).
CREATE TABLE idempotency_keys (
  user_id          text        NOT NULL,
  idempotency_key  text        NOT NULL,
  method_path      text        NOT NULL,
  -- HMAC-SHA256 of method, path and body: the body may hold a CPR number, so it is not kept
  request_hash     text        NOT NULL,
  -- NULL while the first request is in flight
  status_code      integer,
  response_body    text,
  response_headers jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Which citizen a forløb is about, as a keyed hash (HMAC-SHA256 with CPR_HASH_KEY), never the CPR
-- number itself; written when the forløb is created.
CREATE TABLE forloeb_borger (
  forloeb_id text        PRIMARY KEY,
  cpr_hash   text        NOT NULL,
  kommune    text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forloeb_borger_cpr_idx ON forloeb_borger (cpr_hash);

-- Access log: every read of a forløb's details and every command, with who, when, which forløb,
-- what and why (the purpose of the role). Append-only: updates and deletes are refused.
CREATE TABLE adgangslog (
  id          bigserial   PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  user_id     text        NOT NULL,
  rolle       text        NOT NULL,
  kommune     text        NOT NULL,
  forloeb_id  text        NOT NULL,
  cpr_hash    text,
  -- 'laesning', 'kommando' or 'oprettelse'
  access_kind text        NOT NULL CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse')),
  -- the route, e.g. 'POST /api/forloeb/:id/visitation'; never values
  action      text        NOT NULL,
  purpose     text        NOT NULL
);
CREATE INDEX adgangslog_cpr_idx ON adgangslog (cpr_hash, occurred_at);
CREATE INDEX adgangslog_forloeb_idx ON adgangslog (forloeb_id, occurred_at);

CREATE FUNCTION adgangslog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'adgangslog is append-only';
END;
$$;
CREATE TRIGGER adgangslog_no_update_or_delete BEFORE UPDATE OR DELETE ON adgangslog
  FOR EACH ROW EXECUTE FUNCTION adgangslog_append_only();
CREATE TRIGGER adgangslog_no_truncate BEFORE TRUNCATE ON adgangslog
  FOR EACH STATEMENT EXECUTE FUNCTION adgangslog_append_only();

-- Down Migration
DROP TABLE adgangslog;
DROP FUNCTION adgangslog_append_only();
DROP TABLE forloeb_borger;
DROP TABLE idempotency_keys;
