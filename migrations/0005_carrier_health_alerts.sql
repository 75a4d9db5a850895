CREATE TABLE "alert_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"actor" text
);
--> statement-breakpoint
CREATE TABLE "alert_messages" (
	"alert_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"channel" text NOT NULL,
	"message_id" text,
	"thread_id" text,
	"dirty" integer DEFAULT 1 NOT NULL,
	"threaded_up_to" bigint DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"posted_at" timestamp with time zone,
	"edited_at" timestamp with time zone,
	CONSTRAINT "alert_messages_alert_id_platform_channel_pk" PRIMARY KEY("alert_id","platform","channel")
);
--> statement-breakpoint
CREATE TABLE "alert_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"alert_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_routes" (
	"platform" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"digest_at" text,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_routes_platform_check" CHECK ("alert_routes"."platform" in ('slack','discord'))
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"carrier_id" uuid,
	"severity" text DEFAULT 'warning' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"last_true_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"acked_at" timestamp with time zone,
	"acked_by" text,
	"snoozed_until" timestamp with time zone,
	"snoozed_by" text,
	"last_reminded_at" timestamp with time zone,
	"flaps" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "alerts_state_check" CHECK ("alerts"."state" in ('open','acked','snoozed','resolved')),
	CONSTRAINT "alerts_severity_check" CHECK ("alerts"."severity" in ('critical','warning','info'))
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"carrier_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_by" text NOT NULL,
	"announced_start" timestamp with time zone,
	"announced_ending" timestamp with time zone,
	"announced_end" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "maintenance_windows_order_check" CHECK ("maintenance_windows"."ends_at" > "maintenance_windows"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "carrier_codes_hourly" (
	"carrier_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"code" integer NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "carrier_codes_hourly_carrier_id_hour_code_pk" PRIMARY KEY("carrier_id","hour","code")
);
--> statement-breakpoint
CREATE TABLE "carrier_health" (
	"carrier_id" uuid PRIMARY KEY NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failure_numbers" text[] DEFAULT '{}'::text[] NOT NULL,
	"connects_since_failure" integer DEFAULT 0 NOT NULL,
	"recent_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"count_200" bigint DEFAULT 0 NOT NULL,
	"count_404" bigint DEFAULT 0 NOT NULL,
	"attempts_since_404" bigint DEFAULT 0 NOT NULL,
	"last_404_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_stats_hourly" (
	"carrier_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"billed_seconds" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "carrier_stats_hourly_carrier_id_hour_pk" PRIMARY KEY("carrier_id","hour")
);
--> statement-breakpoint
CREATE TABLE "code_contradictions" (
	"carrier_id" uuid NOT NULL,
	"number" text NOT NULL,
	"connected_by" uuid NOT NULL,
	"call_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "code_contradictions_carrier_id_call_id_pk" PRIMARY KEY("carrier_id","call_id")
);
--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "health_failure_threshold" integer;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "health_ignored_codes" integer[];--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "health_asr_floor" integer;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "health_asr_min_attempts" integer;--> statement-breakpoint
ALTER TABLE "alert_history" ADD CONSTRAINT "alert_history_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_messages" ADD CONSTRAINT "alert_messages_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_codes_hourly" ADD CONSTRAINT "carrier_codes_hourly_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_health" ADD CONSTRAINT "carrier_health_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_stats_hourly" ADD CONSTRAINT "carrier_stats_hourly_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_contradictions" ADD CONSTRAINT "code_contradictions_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_contradictions" ADD CONSTRAINT "code_contradictions_connected_by_carriers_id_fk" FOREIGN KEY ("connected_by") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_history_alert_idx" ON "alert_history" USING btree ("alert_id","id");--> statement-breakpoint
CREATE INDEX "alert_messages_due_idx" ON "alert_messages" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "alert_notices_due_idx" ON "alert_notices" USING btree ("due_at") WHERE "alert_notices"."sent_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_key" ON "alerts" USING btree ("key") WHERE "alerts"."state" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_carrier_idx" ON "alerts" USING btree ("carrier_id");--> statement-breakpoint
CREATE INDEX "alerts_state_idx" ON "alerts" USING btree ("state");--> statement-breakpoint
CREATE INDEX "maintenance_windows_carrier_idx" ON "maintenance_windows" USING btree ("carrier_id","ends_at");--> statement-breakpoint
CREATE INDEX "carrier_stats_hourly_hour_idx" ON "carrier_stats_hourly" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "code_contradictions_at_idx" ON "code_contradictions" USING btree ("at");--> statement-breakpoint
CREATE INDEX "call_events_number_ended_idx" ON "call_events" USING btree ("number","ended_at");--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_source_check" CHECK ("call_events"."source" in ('api','livekit','import'));