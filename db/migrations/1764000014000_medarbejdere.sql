-- Up Migration

-- The people of each kommune who work on forløb: the therapists a forløb is assigned to, and the
-- other roles. A person comes in two ways: from the identity provider, when a verified token is
-- seen (kilde 'login': the token's name, role and unit are the truth and are kept up to date), or
-- from the kommune's own list, entered by a leder before the person has signed in (kilde 'liste').
-- A leder can take a person off the list (aktiv false): they are no longer offered for assignment.
CREATE TABLE medarbejdere (
  kommune text NOT NULL,
  user_id text NOT NULL,
  navn text NOT NULL,
  rolle text NOT NULL CHECK (rolle IN ('visitator', 'koordinator', 'terapeut', 'leder')),
  enhed text,
  kilde text NOT NULL CHECK (kilde IN ('login', 'liste')),
  aktiv boolean NOT NULL DEFAULT true,
  sidst_set timestamptz,
  opdateret_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kommune, user_id)
);
CREATE INDEX medarbejdere_rolle_idx ON medarbejdere (kommune, rolle, enhed) WHERE aktiv;

-- Down Migration
DROP TABLE medarbejdere;
