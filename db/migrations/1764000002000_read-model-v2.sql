-- Up Migration

-- forloeb_events is append-only: the database refuses to change or remove a stored event, whoever asks.
CREATE FUNCTION forloeb_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'forloeb_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER forloeb_events_no_update BEFORE UPDATE OR DELETE ON forloeb_events
  FOR EACH ROW EXECUTE FUNCTION forloeb_events_append_only();
CREATE TRIGGER forloeb_events_no_truncate BEFORE TRUNCATE ON forloeb_events
  FOR EACH STATEMENT EXECUTE FUNCTION forloeb_events_append_only();

-- The forløb row: the unit and therapist it is assigned to (no event carries them yet: nullable),
-- the part of the frame used, and the state of the next open deadline as the events left it
-- ('aaben', or 'eskaleret' once an escalation has been sent; "overskredet" is a matter of today's
-- date and is computed when read).
ALTER TABLE forloeb
  ADD COLUMN enhed text,
  ADD COLUMN terapeut text,
  ADD COLUMN frame_used numeric NOT NULL DEFAULT 0,
  ADD COLUMN next_deadline_status text;
-- The domain now calls a refused or finished forløb 'closed'.
UPDATE forloeb SET status = 'closed' WHERE status = 'refused';

-- The list. Every query is scoped to the caller's kommune, so every list index starts with it; then
-- the sort key with the id as tiebreak. A forløb without an open deadline sorts as if due at
-- 'infinity', so the key is never NULL and a keyset page continues with one row comparison. Every
-- projected event rewrites the row, so each index here costs the projection: keep them few.
DROP INDEX forloeb_kommune_phase_idx;
CREATE INDEX forloeb_kommune_due_idx ON forloeb (kommune, (COALESCE(next_deadline_due, 'infinity'::date)), id);
CREATE INDEX forloeb_kommune_phase_due_idx ON forloeb (kommune, phase, (COALESCE(next_deadline_due, 'infinity'::date)), id);
CREATE INDEX forloeb_kommune_created_idx ON forloeb (kommune, created_at, id);
CREATE INDEX forloeb_kommune_updated_idx ON forloeb (kommune, updated_at, id);
CREATE INDEX forloeb_terapeut_due_idx ON forloeb (terapeut, (COALESCE(next_deadline_due, 'infinity'::date)), id) WHERE terapeut IS NOT NULL;
CREATE INDEX forloeb_enhed_due_idx ON forloeb (enhed, (COALESCE(next_deadline_due, 'infinity'::date)), id) WHERE enhed IS NOT NULL;

-- Deadlines carry their forløb's regelsæt and kommune, so reports need no join.
ALTER TABLE forloeb_deadlines
  ADD COLUMN regelsaet_id text,
  ADD COLUMN kommune text,
  -- the day the deadline stopped applying because the forløb ended before it was met
  ADD COLUMN lapsed_on date;
UPDATE forloeb_deadlines d SET regelsaet_id = f.regelsaet_id, kommune = f.kommune FROM forloeb f WHERE f.id = d.forloeb_id;
ALTER TABLE forloeb_deadlines
  ALTER COLUMN regelsaet_id SET NOT NULL,
  ALTER COLUMN kommune SET NOT NULL;

-- The inbox, in the order it is read: escalations first, then by due date; the open notices, and
-- all of them. These replace the first migration's inbox index; the projection finds a forløb's
-- notices through the unique (forloeb_id, seq, rolle) index.
DROP INDEX paamindelser_open_idx;
DROP INDEX paamindelser_forloeb_idx;
CREATE INDEX paamindelser_inbox_open_idx ON paamindelser (kommune, rolle, (kind = 'eskalering') DESC, due_date, scheduled_at, id)
  WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
CREATE INDEX paamindelser_inbox_all_idx ON paamindelser (kommune, rolle, (kind = 'eskalering') DESC, due_date, scheduled_at, id);

-- The deadline report, pre-aggregated by the projection: how many deadlines of a type fell due on a
-- day, by outcome ('aaben' = not met yet, 'i_tide', 'for_sent', 'bortfaldet' = lapsed by the due
-- date, 'bortfaldet_overskredet' = lapsed after it, a miss) and by the calendar days from the
-- anchor date to the day it was met (-1 while not met). A report over any span of days sums a few
-- hundred rows and takes its median from this histogram, whatever the number of forløb.
CREATE TABLE rapport_frister (
  regelsaet_id text    NOT NULL,
  kommune      text    NOT NULL,
  type         text    NOT NULL,
  due_date     date    NOT NULL,
  udfald       text    NOT NULL CHECK (udfald IN ('aaben', 'i_tide', 'for_sent', 'bortfaldet', 'bortfaldet_overskredet')),
  dage         integer NOT NULL,
  antal        integer NOT NULL CHECK (antal >= 0),
  PRIMARY KEY (regelsaet_id, due_date, type, kommune, udfald, dage)
);
INSERT INTO rapport_frister (regelsaet_id, kommune, type, due_date, udfald, dage, antal)
SELECT regelsaet_id, kommune, type, due_date,
       CASE WHEN met_on IS NULL THEN 'aaben' WHEN in_time THEN 'i_tide' ELSE 'for_sent' END,
       COALESCE(met_on - anchor_date, -1), count(*)
  FROM forloeb_deadlines
 GROUP BY 1, 2, 3, 4, 5, 6;

-- Down Migration
DROP TABLE rapport_frister;
DROP INDEX paamindelser_inbox_all_idx;
DROP INDEX paamindelser_inbox_open_idx;
CREATE INDEX paamindelser_forloeb_idx ON paamindelser (forloeb_id, deadline);
CREATE INDEX paamindelser_open_idx ON paamindelser (kommune, rolle, due_date) WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
ALTER TABLE forloeb_deadlines DROP COLUMN lapsed_on, DROP COLUMN kommune, DROP COLUMN regelsaet_id;
DROP INDEX forloeb_enhed_due_idx;
DROP INDEX forloeb_terapeut_due_idx;
DROP INDEX forloeb_kommune_updated_idx;
DROP INDEX forloeb_kommune_created_idx;
DROP INDEX forloeb_kommune_phase_due_idx;
DROP INDEX forloeb_kommune_due_idx;
CREATE INDEX forloeb_kommune_phase_idx ON forloeb (kommune, phase, next_deadline_due);
UPDATE forloeb SET status = 'refused' WHERE status = 'closed' AND phase = 'afslutning';
ALTER TABLE forloeb DROP COLUMN next_deadline_status, DROP COLUMN frame_used, DROP COLUMN terapeut, DROP COLUMN enhed;
DROP TRIGGER forloeb_events_no_truncate ON forloeb_events;
DROP TRIGGER forloeb_events_no_update ON forloeb_events;
DROP FUNCTION forloeb_events_append_only();
