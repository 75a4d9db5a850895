CREATE TABLE "access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"principal" text NOT NULL,
	"role" text NOT NULL,
	"granted_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_grants_role_check" CHECK ("access_grants"."role" in ('admin','operator','viewer'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_platform" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text,
	"channel" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"entity_name" text,
	"carrier_id" uuid,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "bots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"agent_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"carrier_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carriers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sip_address" text NOT NULL,
	"transport" text DEFAULT 'auto' NOT NULL,
	"destination_country" text,
	"status" text DEFAULT 'active' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"username" text,
	"password_enc" text,
	"inbound_auth" text DEFAULT 'digest' NOT NULL,
	"allowed_ips" text[] DEFAULT '{}'::text[] NOT NULL,
	"cps" double precision DEFAULT 1 NOT NULL,
	"burst" integer DEFAULT 1 NOT NULL,
	"channels" integer DEFAULT 30 NOT NULL,
	"pre_ring_timeout" integer DEFAULT 30 NOT NULL,
	"post_ring_timeout" integer DEFAULT 30 NOT NULL,
	"tech_prefix" text,
	"strip_digits" integer DEFAULT 0 NOT NULL,
	"prefix_digits" text,
	"notes" text,
	"outbound_trunk_id" text,
	"inbound_trunk_id" text,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"sync_error" text,
	"last_synced_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carriers_transport_check" CHECK ("carriers"."transport" in ('auto','udp','tcp','tls')),
	CONSTRAINT "carriers_status_check" CHECK ("carriers"."status" in ('active','inactive','pending')),
	CONSTRAINT "carriers_inbound_auth_check" CHECK ("carriers"."inbound_auth" in ('digest','ip_allowlist')),
	CONSTRAINT "carriers_sync_status_check" CHECK ("carriers"."sync_status" in ('pending','synced','error')),
	CONSTRAINT "carriers_cps_check" CHECK ("carriers"."cps" >= 0.1 and "carriers"."cps" <= 100),
	CONSTRAINT "carriers_burst_check" CHECK ("carriers"."burst" between 1 and 1000),
	CONSTRAINT "carriers_channels_check" CHECK ("carriers"."channels" between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "dids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"carrier_id" uuid NOT NULL,
	"number" text NOT NULL,
	"number_normalized" text NOT NULL,
	"label" text,
	"direction" text DEFAULT 'both' NOT NULL,
	"bot_id" uuid,
	"dispatch_rule_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dids_direction_check" CHECK ("dids"."direction" in ('both','inbound','outbound')),
	CONSTRAINT "dids_outbound_no_bot_check" CHECK ("dids"."direction" <> 'outbound' or "dids"."bot_id" is null)
);
--> statement-breakpoint
ALTER TABLE "carrier_contacts" ADD CONSTRAINT "carrier_contacts_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dids" ADD CONSTRAINT "dids_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_grants_principal_key" ON "access_grants" USING btree ("principal");--> statement-breakpoint
CREATE INDEX "audit_log_carrier_at_idx" ON "audit_log" USING btree ("carrier_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "bots_name_lower_key" ON "bots" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "carrier_contacts_carrier_idx" ON "carrier_contacts" USING btree ("carrier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carriers_name_lower_key" ON "carriers" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "dids_number_normalized_key" ON "dids" USING btree ("number_normalized");--> statement-breakpoint
CREATE INDEX "dids_carrier_idx" ON "dids" USING btree ("carrier_id");--> statement-breakpoint
CREATE INDEX "dids_bot_idx" ON "dids" USING btree ("bot_id");