-- Up Migration

-- The reports read deadlines straight from forloeb_deadlines, joined to the forløb row for its unit and
-- therapist, so they can break down by any column and count any period: one kommune's deadlines due
-- in a span, in due-date order. The columns the report aggregates are included, so a report without
-- the unit/therapist breakdown is read from this index alone. rapport_frister stays for the
-- per-day buckets it was built for.
CREATE INDEX forloeb_deadlines_kommune_due_idx ON forloeb_deadlines (kommune, due_date)
  INCLUDE (regelsaet_id, type, met_on, in_time, lapsed_on, anchor_date, forloeb_id);

-- Down Migration
DROP INDEX forloeb_deadlines_kommune_due_idx;
