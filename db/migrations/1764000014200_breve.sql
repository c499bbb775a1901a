-- Up Migration

-- The decision letters (docs/letters.md). One row per decision the citizen must receive, keyed on the
-- decision's event: the projection inserts it in the transaction that stores the event, with ON
-- CONFLICT DO NOTHING, so a redelivered or retried event makes no second letter. The letter activity
-- renders the PDF and sends it outside that transaction. Not a read table: a rebuild of the read model
-- neither deletes nor makes letters.
CREATE TABLE breve (
  forloeb_id text NOT NULL,
  -- The decision event's place in the forløb's sequence; also the letter's id in the API.
  seq integer NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  decided_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- venter: not yet accepted by the channel (retried); sendt: accepted.
  status text NOT NULL DEFAULT 'venter' CHECK (status IN ('venter', 'sendt')),
  -- The PDF, AES-256-GCM with the payload key named by pdf_key_id (NULL only with PAYLOAD_ENCRYPTION=off).
  pdf bytea,
  pdf_key_id text,
  rendered_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  -- Why the last attempt failed, without personal data; cleared when the letter is sent.
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  channel text,
  channel_receipt text,
  sent_at timestamptz,
  PRIMARY KEY (forloeb_id, seq)
);

-- The letter activity's queue: what is still to send, the earliest first.
CREATE INDEX breve_venter_idx ON breve (next_attempt_at) WHERE status = 'venter';

-- Down Migration
DROP TABLE breve;
