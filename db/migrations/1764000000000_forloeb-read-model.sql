-- Up Migration

-- Every domain event of every forløb, append-only. The application never updates or deletes here.
CREATE TABLE forloeb_events (
  forloeb_id  text        NOT NULL,
  seq         integer     NOT NULL CHECK (seq > 0),
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (forloeb_id, seq)
);
CREATE INDEX forloeb_events_type_idx ON forloeb_events (type, occurred_at);

-- One row per forløb, projected from its events.
CREATE TABLE forloeb (
  id                   text        PRIMARY KEY,
  regelsaet_id         text        NOT NULL,
  kommune              text        NOT NULL,
  status               text        NOT NULL,
  phase                text        NOT NULL,
  kategori             text,
  niveau               text,
  frame_unit           text,
  frame_amount         numeric,
  next_deadline_type   text,
  next_deadline_due    date,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  last_seq             integer     NOT NULL
);
CREATE INDEX forloeb_kommune_phase_idx ON forloeb (kommune, phase, next_deadline_due);

-- The deadlines of each forløb.
CREATE TABLE forloeb_deadlines (
  forloeb_id   text    NOT NULL REFERENCES forloeb (id),
  type         text    NOT NULL,
  anchor_date  date    NOT NULL,
  period_amount integer NOT NULL,
  period_unit  text    NOT NULL,
  due_date     date    NOT NULL,
  responsible  text    NOT NULL,
  met_on       date,
  in_time      boolean,
  reminders_sent   integer NOT NULL DEFAULT 0,
  escalations_sent integer NOT NULL DEFAULT 0,
  PRIMARY KEY (forloeb_id, type)
);
CREATE INDEX forloeb_deadlines_open_idx ON forloeb_deadlines (due_date) WHERE met_on IS NULL;

-- The inbox: one row per reminder or escalation per role it is addressed to.
CREATE TABLE paamindelser (
  id              bigserial   PRIMARY KEY,
  forloeb_id      text        NOT NULL REFERENCES forloeb (id),
  seq             integer     NOT NULL,
  rolle           text        NOT NULL,
  kommune         text        NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('paamindelse', 'eskalering')),
  deadline        text        NOT NULL,
  level           integer     NOT NULL,
  due_date        date        NOT NULL,
  scheduled_at    timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  read_at         timestamptz,
  acknowledged_at timestamptz,
  -- set when the deadline is met: the notice has done its job and leaves the open inbox
  resolved_at     timestamptz,
  UNIQUE (forloeb_id, seq, rolle)
);
CREATE INDEX paamindelser_open_idx ON paamindelser (kommune, rolle, due_date) WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
CREATE INDEX paamindelser_forloeb_idx ON paamindelser (forloeb_id, deadline);

-- Down Migration
DROP TABLE paamindelser;
DROP TABLE forloeb_deadlines;
DROP TABLE forloeb;
DROP TABLE forloeb_events;
