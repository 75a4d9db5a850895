CREATE TABLE "call_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"carrier_id" uuid NOT NULL,
	"number" text,
	"direction" text NOT NULL,
	"sip_code" integer,
	"outcome" text NOT NULL,
	"disconnect_reason" text,
	"trunk_id" text,
	"source" text NOT NULL,
	"started_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_events_direction_check" CHECK ("call_events"."direction" in ('inbound','outbound')),
	CONSTRAINT "call_events_outcome_check" CHECK ("call_events"."outcome" in ('answered','unavailable','rejected','failed','unknown'))
);
--> statement-breakpoint
CREATE TABLE "livekit_cleanup" (
	"carrier_id" uuid PRIMARY KEY NOT NULL,
	"carrier_name" text NOT NULL,
	"trunk_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"rule_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text,
	"last_slot" text,
	"lease_until" timestamp with time zone,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "sync_note" text;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "sync_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "sync_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "sync_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "sync_claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "drift_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "drift_note" text;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_events_call_id_key" ON "call_events" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "call_events_carrier_ended_idx" ON "call_events" USING btree ("carrier_id","ended_at");--> statement-breakpoint
CREATE INDEX "livekit_cleanup_due_idx" ON "livekit_cleanup" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "carriers_sync_due_idx" ON "carriers" USING btree ("sync_due_at");--> statement-breakpoint
CREATE INDEX "carriers_outbound_trunk_idx" ON "carriers" USING btree ("outbound_trunk_id");--> statement-breakpoint
CREATE INDEX "carriers_inbound_trunk_idx" ON "carriers" USING btree ("inbound_trunk_id");