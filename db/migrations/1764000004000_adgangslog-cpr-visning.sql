-- Up Migration

-- The access log also records each time a user has a forløb's CPR number shown (cpr_visning), apart
-- from ordinary reads, so the citizen's number being revealed can be found on its own.
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning'));

-- Down Migration
-- The log is append-only, so rows of the new kind stay; the old check holds only for new rows.
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse')) NOT VALID;
