-- Up Migration

-- A repair by the watchdog resets a forløb workflow whose history no longer replays to its last
-- workflow task that does. The workflow then decides again what came after that point, and the new
-- decisions may differ from the stored ones, or fall on other sequence numbers. The events the reset
-- discarded are moved here, so the log holds what the workflow now stands by and nothing is ever lost.
CREATE TABLE forloeb_events_superseded (
  id            bigserial   PRIMARY KEY,
  forloeb_id    text        NOT NULL,
  seq           integer     NOT NULL,
  type          text        NOT NULL,
  -- the whole row as it was stored (data, instant, recorded_at, and any column the log gains later)
  event         jsonb       NOT NULL,
  superseded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forloeb_events_superseded_forloeb_idx ON forloeb_events_superseded (forloeb_id, seq);

-- forloeb_events stays append-only for everyone but a repair: a DELETE passes only inside a
-- transaction that declared itself a repair (SET LOCAL forloeb.repair = 'on'), and every deleted row
-- is copied to forloeb_events_superseded first. UPDATE and TRUNCATE are refused as before.
CREATE OR REPLACE FUNCTION forloeb_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('forloeb.repair', true) = 'on' THEN
    INSERT INTO forloeb_events_superseded (forloeb_id, seq, type, event) VALUES (OLD.forloeb_id, OLD.seq, OLD.type, to_jsonb(OLD));
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'forloeb_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

-- The archive itself is append-only, without exception.
CREATE FUNCTION forloeb_events_superseded_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'forloeb_events_superseded is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER forloeb_events_superseded_no_update BEFORE UPDATE OR DELETE ON forloeb_events_superseded
  FOR EACH ROW EXECUTE FUNCTION forloeb_events_superseded_append_only();
CREATE TRIGGER forloeb_events_superseded_no_truncate BEFORE TRUNCATE ON forloeb_events_superseded
  FOR EACH STATEMENT EXECUTE FUNCTION forloeb_events_superseded_append_only();

-- Down Migration
DROP TABLE forloeb_events_superseded;
DROP FUNCTION forloeb_events_superseded_append_only();
CREATE OR REPLACE FUNCTION forloeb_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'forloeb_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
