-- Up Migration

-- The forløb row's status follows the domain's lifecycle (lifecycleAfter in domain/forloeb/state.ts):
-- open, closed, or refused, a forløb the visitation refused. The lists then call a refused forløb
-- afslået, as its detail does, instead of lukket. The event log tells which closed rows were refused.
UPDATE forloeb f SET status = 'refused'
 WHERE status = 'closed'
   AND EXISTS (SELECT 1 FROM forloeb_events e
                WHERE e.forloeb_id = f.id AND e.type = 'VisitationRecorded' AND e.data->>'decision' = 'afslaaet');

-- Down Migration
UPDATE forloeb SET status = 'closed' WHERE status = 'refused';
