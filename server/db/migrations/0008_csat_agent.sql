ALTER TABLE "csat_responses" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "csat_responses" ADD CONSTRAINT "csat_responses_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "csat_responses_customer_idx" ON "csat_responses" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "csat_responses_agent_idx" ON "csat_responses" USING btree ("agent_id","created_at");