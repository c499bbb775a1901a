-- Up Migration

-- Every GGOP message the API received, and what became of it: a forløb created, a duplicate of a
-- letter already received, or a refusal with the element and the reason. The coordinator's list of
-- refused messages reads it, so no plan is lost silently. It holds no personal data: the sender's
-- identity (EAN, SOR code or name), the letter and contact ids, and the refusal's element and reason
-- (which never repeat a value from the message); the plan itself lives in the forløb.
CREATE TABLE ggop_modtagelser (
  id bigserial PRIMARY KEY,
  kommune text NOT NULL,
  modtaget_at timestamptz NOT NULL DEFAULT now(),
  afsender text,
  afsender_navn text,
  brev_id text,
  kontakt_id text,
  udfald text NOT NULL CHECK (udfald IN ('oprettet', 'dublet', 'afvist')),
  forloeb_id text,
  element text,
  besked text
);
-- One forløb per letter: the same letter again finds it.
CREATE UNIQUE INDEX ggop_modtagelser_brev_idx ON ggop_modtagelser (kommune, afsender, brev_id) WHERE udfald = 'oprettet';
-- A later plan for the same hospital contact.
CREATE INDEX ggop_modtagelser_kontakt_idx ON ggop_modtagelser (kommune, afsender, kontakt_id) WHERE udfald = 'oprettet';
CREATE INDEX ggop_modtagelser_kommune_idx ON ggop_modtagelser (kommune, modtaget_at DESC);

-- Down Migration
DROP TABLE ggop_modtagelser;
