-- Up Migration

-- A download of a decision letter (GET /api/forloeb/:id/breve/:brevId) is an access of its own: the
-- PDF holds the decision, its reasons and the citizen's name. It is bound to a forløb like a read.
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning', 'codec_afkodning', 'soegning', 'brev_hentning'));

-- Down Migration
-- The log is append-only, so download rows stay; the old check holds only for new rows.
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning', 'codec_afkodning', 'soegning')) NOT VALID;
