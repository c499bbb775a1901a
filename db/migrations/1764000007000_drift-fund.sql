-- Up Migration

-- The operations inbox (drift): what the watchdog found wrong with a forløb workflow and what it did
-- about it. Never a CPR number or a name: the forløb id is opaque. A finding that was repaired is
-- resolved by the watchdog itself; one that could not be repaired stays open until a person of the
-- operations role acknowledges it.
CREATE TABLE drift_fund (
  id            bigserial   PRIMARY KEY,
  forloeb_id    text        NOT NULL,
  run_id        text,
  found_at      timestamptz NOT NULL DEFAULT now(),
  -- ikke_deterministisk: the history no longer replays; timeout: workflow tasks time out (capacity);
  -- opgave_fejler: a workflow task fails for another reason; frist_uden_tick: a deadline moment passed
  -- more than 10 minutes ago without the workflow acting on it
  kind          text        NOT NULL CHECK (kind IN ('ikke_deterministisk', 'timeout', 'opgave_fejler', 'frist_uden_tick')),
  detail        text        NOT NULL,
  -- ingen: nothing done (capacity); repareret: reset and reconciled; mislykket: tried and failed
  repair        text        NOT NULL CHECK (repair IN ('ingen', 'repareret', 'mislykket')),
  repair_detail text,
  resolved_at   timestamptz,
  -- 'watchdog' when repaired automatically, else the user id of the person who acknowledged it
  resolved_by   text
);
CREATE INDEX drift_fund_open_idx ON drift_fund (found_at) WHERE resolved_at IS NULL;
-- One open finding per forløb and kind: a finding seen again updates its row.
CREATE UNIQUE INDEX drift_fund_one_open_idx ON drift_fund (forloeb_id, kind) WHERE resolved_at IS NULL;

-- Down Migration
DROP TABLE drift_fund;
