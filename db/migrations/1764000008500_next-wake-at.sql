-- Up Migration

-- The next moment each open forløb's workflow must wake to send a notice, written by the projection
-- from the deadline rows and the regelsæt's rules. The watchdog reports an open forløb whose moment
-- passed more than 10 minutes ago (its workflow did not tick, or its events did not arrive). Rows
-- projected before this migration get it with their next event, or at once with
-- `npm run projections:rebuild`. The index holds open forløb only and is read oldest first.
ALTER TABLE forloeb ADD COLUMN next_wake_at timestamptz;
CREATE INDEX forloeb_next_wake_idx ON forloeb (next_wake_at) WHERE status = 'open' AND next_wake_at IS NOT NULL;

-- Down Migration
DROP INDEX forloeb_next_wake_idx;
ALTER TABLE forloeb DROP COLUMN next_wake_at;
