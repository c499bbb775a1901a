-- Up Migration

-- The codec server (POST /api/codec/decode) shows the operations role (drift) decrypted Temporal
-- payloads, which may hold a citizen's data, so each decode is a row of the access log too: who, when,
-- how many payloads and from which Temporal namespace; never the payloads themselves.
--
-- Such a row has no forløb: the Temporal web UI sends bare payloads, without the workflow they belong
-- to. forloeb_id is therefore NULL on these rows rather than a made-up placeholder, which every search
-- by forløb would have to know to skip; the check below keeps every other kind bound to a forløb, as
-- before, and a codec row bound to its count and namespace.
-- (IF [NOT] EXISTS: the down migration keeps the columns and the rows, so up may meet them again.)
ALTER TABLE adgangslog ALTER COLUMN forloeb_id DROP NOT NULL;
ALTER TABLE adgangslog DROP CONSTRAINT IF EXISTS adgangslog_forloeb_check;
ALTER TABLE adgangslog ADD COLUMN IF NOT EXISTS payload_count integer;
ALTER TABLE adgangslog ADD COLUMN IF NOT EXISTS namespace text;
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning', 'codec_afkodning'));
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_codec_check CHECK (
  CASE WHEN access_kind = 'codec_afkodning'
    THEN forloeb_id IS NULL AND cpr_hash IS NULL AND payload_count >= 0 AND namespace IS NOT NULL
    ELSE forloeb_id IS NOT NULL AND payload_count IS NULL AND namespace IS NULL
  END
);

-- Down Migration
-- The log is append-only, so codec rows stay (with their count and namespace); the old rules hold for new rows.
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_codec_check;
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning')) NOT VALID;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_forloeb_check CHECK (forloeb_id IS NOT NULL) NOT VALID;
