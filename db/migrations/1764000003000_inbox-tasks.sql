-- Up Migration

-- The inbox also holds the tasks the rules raise: a reassessment after no-shows or cancellations
-- (revurdering) and a frame nearly used (ramme).
ALTER TABLE paamindelser DROP CONSTRAINT paamindelser_kind_check;
ALTER TABLE paamindelser ADD CONSTRAINT paamindelser_kind_check
  CHECK (kind IN ('paamindelse', 'eskalering', 'revurdering', 'ramme'));

-- Down Migration
DELETE FROM paamindelser WHERE kind IN ('revurdering', 'ramme');
ALTER TABLE paamindelser DROP CONSTRAINT paamindelser_kind_check;
ALTER TABLE paamindelser ADD CONSTRAINT paamindelser_kind_check CHECK (kind IN ('paamindelse', 'eskalering'));
