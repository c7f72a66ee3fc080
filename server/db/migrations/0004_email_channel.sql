CREATE TABLE "email_auto_sends" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient" text NOT NULL,
	"ticket_id" uuid,
	"message_id" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_suppressions" (
	"address" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failed_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inbox_id" uuid,
	"mailbox" text NOT NULL,
	"uid" bigint,
	"message_id_header" text,
	"from_address" text,
	"subject" text,
	"reason" text NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"status" text DEFAULT 'failed' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"ticket_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_auto_sends" ADD CONSTRAINT "email_auto_sends_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failed_mail" ADD CONSTRAINT "failed_mail_inbox_id_inboxes_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."inboxes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failed_mail" ADD CONSTRAINT "failed_mail_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_auto_sends_recipient_idx" ON "email_auto_sends" USING btree ("recipient","sent_at");--> statement-breakpoint
CREATE INDEX "email_auto_sends_ticket_idx" ON "email_auto_sends" USING btree ("ticket_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "failed_mail_inbox_sha_key" ON "failed_mail" USING btree ("inbox_id","sha256");--> statement-breakpoint
CREATE INDEX "failed_mail_status_idx" ON "failed_mail" USING btree ("status","created_at");