-- Up Migration

-- The borger in the forløb list: the name (from the intake form, or entered or corrected later) and the
-- CPR number masked to the birth date (ddmmyy-xxxx), so people find and tell borgere apart without an
-- internal id. Both are personal data, kept beside forloeb_borger's CPR hash and under the same rules.
--
-- Search by name is a case-insensitive prefix match. PostgreSQL's lower() follows the database's
-- collation (under "C" it leaves Æ, Ø and Å alone), so the projection stores the normalised form it
-- computes itself (lower case by Danish rules, NFC, single spaces): the whole name, and its last word
-- for a search by surname. text_pattern_ops lets `LIKE 'prefix%'` use the index whatever the
-- database's collation; kommune leads, as every search is scoped to one.
ALTER TABLE forloeb ADD COLUMN borger_navn text;
ALTER TABLE forloeb ADD COLUMN borger_cpr_maskeret text;
ALTER TABLE forloeb ADD COLUMN borger_navn_soeg text;
ALTER TABLE forloeb ADD COLUMN borger_efternavn_soeg text;
CREATE INDEX forloeb_borger_navn_soeg_idx ON forloeb (kommune, borger_navn_soeg text_pattern_ops);
CREATE INDEX forloeb_borger_efternavn_soeg_idx ON forloeb (kommune, borger_efternavn_soeg text_pattern_ops);

-- Rows projected before this migration: the masked CPR from the forløb's first event. No name was
-- recorded then; one entered later (BorgerNavnRecorded) is projected as it arrives.
UPDATE forloeb f
   SET borger_cpr_maskeret = left(replace(e.data->'source'->>'cpr', '-', ''), 6) || '-xxxx'
  FROM forloeb_events e
 WHERE e.forloeb_id = f.id AND e.seq = 1 AND e.type = 'ForloebCreated' AND f.borger_cpr_maskeret IS NULL;

-- Down Migration
DROP INDEX forloeb_borger_efternavn_soeg_idx;
DROP INDEX forloeb_borger_navn_soeg_idx;
ALTER TABLE forloeb DROP COLUMN borger_efternavn_soeg;
ALTER TABLE forloeb DROP COLUMN borger_navn_soeg;
ALTER TABLE forloeb DROP COLUMN borger_cpr_maskeret;
ALTER TABLE forloeb DROP COLUMN borger_navn;
