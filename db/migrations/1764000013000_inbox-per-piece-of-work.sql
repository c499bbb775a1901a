-- Up Migration

-- One inbox row per open piece of work per role instead of one per notice: a row carries the highest
-- notice of its piece (`rank`: a reminder's 1 + index, an escalation's 1000 + level, a
-- reassessment's count, 0 for a task), and an acknowledgement records the rank it acknowledged, so
-- one "Kvittér" clears every level up to the current one and a higher level opens the row again.
-- New kinds: a request awaiting a decision (anmodning) and a start booked without a therapist
-- (terapeut).
ALTER TABLE paamindelser DROP CONSTRAINT paamindelser_kind_check;
ALTER TABLE paamindelser ADD CONSTRAINT paamindelser_kind_check
  CHECK (kind IN ('paamindelse', 'eskalering', 'revurdering', 'ramme', 'anmodning', 'terapeut'));
ALTER TABLE paamindelser
  ADD COLUMN rank integer NOT NULL DEFAULT 0,
  -- the rank the row had when it was acknowledged; -1: never acknowledged
  ADD COLUMN acknowledged_rank integer NOT NULL DEFAULT -1;
UPDATE paamindelser SET rank = CASE kind WHEN 'paamindelse' THEN 1 + level WHEN 'eskalering' THEN 1000 + level WHEN 'revurdering' THEN level ELSE 0 END;
UPDATE paamindelser SET acknowledged_rank = rank WHERE acknowledged_at IS NOT NULL;

-- The rows stored so far, one per notice, become one per piece of work: the notices of one forløb's
-- deadline (or task) to one role that were resolved together (or are still open) are one piece. The
-- piece keeps its first row (its identity, as the projection makes it), with the highest notice's
-- kind, level and moments, and what people did with any of its notices.
WITH ranked AS (
  SELECT id, forloeb_id, deadline, rolle, resolved_at,
         first_value(id) OVER piece AS keep_id,
         first_value(id) OVER (PARTITION BY forloeb_id, deadline, rolle, resolved_at ORDER BY rank DESC, seq DESC) AS top_id,
         max(acknowledged_rank) OVER piece AS ack_rank,
         max(acknowledged_at) OVER piece AS ack_at,
         max(read_at) OVER piece AS read
    FROM paamindelser
  WINDOW piece AS (PARTITION BY forloeb_id, deadline, rolle, resolved_at ORDER BY seq, id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
), kept AS (
  UPDATE paamindelser p
     SET kind = t.kind, level = t.level, rank = t.rank, due_date = t.due_date, scheduled_at = t.scheduled_at,
         acknowledged_rank = r.ack_rank, acknowledged_at = r.ack_at, read_at = r.read
    FROM ranked r JOIN paamindelser t ON t.id = r.top_id
   WHERE p.id = r.id AND r.id = r.keep_id
  RETURNING p.id
)
DELETE FROM paamindelser p USING ranked r WHERE p.id = r.id AND r.id <> r.keep_id;

-- The open inbox in the order it is read, for the new meaning of open.
DROP INDEX paamindelser_inbox_open_idx;
CREATE INDEX paamindelser_inbox_open_idx ON paamindelser (kommune, rolle, (kind = 'eskalering') DESC, due_date, scheduled_at, id)
  WHERE resolved_at IS NULL AND acknowledged_rank < rank;

-- Down Migration
DROP INDEX paamindelser_inbox_open_idx;
CREATE INDEX paamindelser_inbox_open_idx ON paamindelser (kommune, rolle, (kind = 'eskalering') DESC, due_date, scheduled_at, id)
  WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
DELETE FROM paamindelser WHERE kind IN ('anmodning', 'terapeut');
ALTER TABLE paamindelser DROP COLUMN acknowledged_rank, DROP COLUMN rank;
ALTER TABLE paamindelser DROP CONSTRAINT paamindelser_kind_check;
ALTER TABLE paamindelser ADD CONSTRAINT paamindelser_kind_check CHECK (kind IN ('paamindelse', 'eskalering', 'revurdering', 'ramme'));
