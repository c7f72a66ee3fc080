CREATE TABLE "ticket_view_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"spam" boolean NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
-- The inbox badges count active tickets (new, open, pending) per team, assignee and spam. These triggers keep them
-- on every write path (ingest, assignment, bulk edits, merges, spam, team or user deletion) by appending +1/-1 rows.
CREATE FUNCTION "ticket_view_counts_rows"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ticket_view_counts (team_id, assignee_id, spam, n)
      SELECT team_id, assignee_id, spam, count(*) FROM new_rows WHERE status IN ('new', 'open', 'pending') GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO ticket_view_counts (team_id, assignee_id, spam, n)
      SELECT team_id, assignee_id, spam, -count(*) FROM old_rows WHERE status IN ('new', 'open', 'pending') GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE FUNCTION "ticket_view_counts_change"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  was boolean := OLD.status IN ('new', 'open', 'pending');
  now_active boolean := NEW.status IN ('new', 'open', 'pending');
BEGIN
  IF was AND now_active AND OLD.team_id IS NOT DISTINCT FROM NEW.team_id
     AND OLD.assignee_id IS NOT DISTINCT FROM NEW.assignee_id AND OLD.spam = NEW.spam THEN
    RETURN NULL;
  END IF;
  IF was THEN
    INSERT INTO ticket_view_counts (team_id, assignee_id, spam, n) VALUES (OLD.team_id, OLD.assignee_id, OLD.spam, -1);
  END IF;
  IF now_active THEN
    INSERT INTO ticket_view_counts (team_id, assignee_id, spam, n) VALUES (NEW.team_id, NEW.assignee_id, NEW.spam, 1);
  END IF;
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE TRIGGER "tickets_view_counts_insert" AFTER INSERT ON "tickets" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "ticket_view_counts_rows"();
--> statement-breakpoint
CREATE TRIGGER "tickets_view_counts_delete" AFTER DELETE ON "tickets" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "ticket_view_counts_rows"();
--> statement-breakpoint
CREATE TRIGGER "tickets_view_counts_update" AFTER UPDATE OF status, team_id, assignee_id, spam ON "tickets"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.team_id IS DISTINCT FROM NEW.team_id
    OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.spam IS DISTINCT FROM NEW.spam)
  EXECUTE FUNCTION "ticket_view_counts_change"();
--> statement-breakpoint
INSERT INTO "ticket_view_counts" (team_id, assignee_id, spam, n)
  SELECT team_id, assignee_id, spam, count(*) FROM tickets WHERE status IN ('new', 'open', 'pending') GROUP BY 1, 2, 3;
