-- Up Migration

-- Who caused each event: the actor of the command (role and user id, from the caller's token). Null for
-- the notices the clock sends, and for events recorded before commands carried their actor.
ALTER TABLE forloeb_events ADD COLUMN actor jsonb;

-- Down Migration
ALTER TABLE forloeb_events DROP COLUMN actor;
