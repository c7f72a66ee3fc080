CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"weekly_hours" jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"ticket_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"policy_id" uuid,
	"state" text NOT NULL,
	"target_ms" bigint NOT NULL,
	"warn_ms" bigint NOT NULL,
	"consumed_ms" bigint DEFAULT 0 NOT NULL,
	"cycle_started_at" timestamp with time zone NOT NULL,
	"resumed_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_clocks_ticket_id_metric_pk" PRIMARY KEY("ticket_id","metric")
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"team_id" uuid,
	"calendar_id" uuid,
	"targets" jsonb NOT NULL,
	"warn_at_percent" integer DEFAULT 80 NOT NULL,
	"breach_action" text DEFAULT 'supervisor_alert' NOT NULL,
	"raise_priority" boolean DEFAULT true NOT NULL,
	"notify_email" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_name_key" UNIQUE("name"),
	CONSTRAINT "sla_policies_team_key" UNIQUE NULLS NOT DISTINCT("team_id")
);
--> statement-breakpoint
CREATE TABLE "agent_routing" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"last_assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_routing" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"rule_id" uuid,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"routed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_routing" ADD CONSTRAINT "agent_routing_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_routing" ADD CONSTRAINT "ticket_routing_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_routing" ADD CONSTRAINT "ticket_routing_rule_id_routing_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."routing_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_name_key" ON "business_calendars" USING btree ("name");--> statement-breakpoint
CREATE INDEX "sla_clocks_due_idx" ON "sla_clocks" USING btree ("due_at") WHERE state = 'running' and breached_at is null;--> statement-breakpoint
CREATE INDEX "sla_clocks_warn_idx" ON "sla_clocks" USING btree ("warn_at") WHERE state = 'running' and warned_at is null;--> statement-breakpoint
CREATE INDEX "sla_clocks_policy_idx" ON "sla_clocks" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "routing_rules_position_idx" ON "routing_rules" USING btree ("position");--> statement-breakpoint
CREATE INDEX "ticket_routing_queued_idx" ON "ticket_routing" USING btree ("queued_at");