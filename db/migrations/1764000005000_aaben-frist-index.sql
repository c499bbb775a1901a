-- Up Migration

-- GET /api/forloeb?aabenFrist=<type>: the forløb with an open deadline of a type (opened, not met, not
-- lapsed), e.g. the extension requests waiting for a decision. Few rows of the table are open, so a
-- partial index in the list's order (kommune first, as every query is scoped to it; then the type, and
-- the due date with the forløb as tiebreak for sorter=aabenFrist and its keyset pages) stays small,
-- and a met or lapsed deadline leaves it.
CREATE INDEX forloeb_deadlines_aaben_idx ON forloeb_deadlines (kommune, type, due_date, forloeb_id)
  WHERE met_on IS NULL AND lapsed_on IS NULL;

-- Down Migration
DROP INDEX forloeb_deadlines_aaben_idx;
