-- Up Migration

-- A search for a borger (POST /api/borgere/soeg) is an access of its own: it tells the user which
-- forløb a CPR number or a name belongs to. Each is a row of the access log with who, when, the kind
-- of term (cpr or navn) and how many forløb it found; never the term. A CPR search records the term's
-- keyed hash in cpr_hash, so a leder's search of the log for that borger shows it; a name search has
-- none. A search is about no single forløb, so forloeb_id is NULL, as on a codec row.
ALTER TABLE adgangslog ADD COLUMN IF NOT EXISTS soegning_type text;
ALTER TABLE adgangslog ADD COLUMN IF NOT EXISTS antal_fund integer;
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning', 'codec_afkodning', 'soegning'));
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_codec_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_codec_check CHECK (
  CASE access_kind
    WHEN 'codec_afkodning' THEN forloeb_id IS NULL AND cpr_hash IS NULL AND payload_count >= 0 AND namespace IS NOT NULL
    WHEN 'soegning' THEN forloeb_id IS NULL AND payload_count IS NULL AND namespace IS NULL AND antal_fund >= 0
      AND (soegning_type = 'cpr' AND cpr_hash IS NOT NULL OR soegning_type = 'navn' AND cpr_hash IS NULL)
    ELSE forloeb_id IS NOT NULL AND payload_count IS NULL AND namespace IS NULL
  END
);

-- Down Migration
-- The log is append-only, so search rows stay (with their kind and count); the old rules hold for new rows.
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_codec_check;
ALTER TABLE adgangslog DROP CONSTRAINT adgangslog_access_kind_check;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_access_kind_check
  CHECK (access_kind IN ('laesning', 'kommando', 'oprettelse', 'cpr_visning', 'codec_afkodning')) NOT VALID;
ALTER TABLE adgangslog ADD CONSTRAINT adgangslog_codec_check CHECK (
  CASE WHEN access_kind = 'codec_afkodning'
    THEN forloeb_id IS NULL AND cpr_hash IS NULL AND payload_count >= 0 AND namespace IS NOT NULL
    ELSE forloeb_id IS NOT NULL AND payload_count IS NULL AND namespace IS NULL
  END
) NOT VALID;
