-- Filters by custom field read the GIN tree only: with fastupdate on, every ticket update appended to a pending list
-- (up to 4 MB) that each filter scanned in full (~40 ms at 100,000 tickets). ALTER, not a rebuild; the list is merged once.
ALTER INDEX "tickets_custom_fields_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('tickets_custom_fields_idx'::regclass);
