CREATE TABLE "rate_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"carrier_id" uuid NOT NULL,
	"direction" text DEFAULT 'termination' NOT NULL,
	"currency" text NOT NULL,
	"tech_prefix" text,
	"presentation" text DEFAULT 'single' NOT NULL,
	"precision" integer DEFAULT 4 NOT NULL,
	"rounding" text DEFAULT 'up' NOT NULL,
	"capped_rate" numeric,
	"cps" numeric,
	"channels" integer,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_cards_precision_range" CHECK ("rate_cards"."precision" between 0 and 8),
	CONSTRAINT "rate_cards_direction" CHECK ("rate_cards"."direction" in ('termination', 'origination'))
);
--> statement-breakpoint
CREATE TABLE "rate_card_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"card_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"date_live" timestamp with time zone,
	"activation_error" text,
	"row_count" integer DEFAULT 0 NOT NULL,
	"source_name" text,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	CONSTRAINT "rate_card_revisions_status" CHECK ("rate_card_revisions"."status" in ('draft', 'scheduled', 'active', 'inactive', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "rates" (
	"revision_id" uuid NOT NULL,
	"prefix" text NOT NULL,
	"name" text,
	"rate" numeric,
	"inter" numeric,
	"intra" numeric,
	"indeterminate" numeric,
	"mcd" integer DEFAULT 1 NOT NULL,
	"pulse" integer DEFAULT 1 NOT NULL,
	"connect" numeric,
	"blocked" boolean DEFAULT false NOT NULL,
	"effective_at" timestamp with time zone,
	CONSTRAINT "rates_revision_id_prefix_pk" PRIMARY KEY("revision_id","prefix")
);
--> statement-breakpoint
ALTER TABLE "rate_cards" ADD CONSTRAINT "rate_cards_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_revisions" ADD CONSTRAINT "rate_card_revisions_card_id_rate_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."rate_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rates" ADD CONSTRAINT "rates_revision_id_rate_card_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."rate_card_revisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rate_cards_name_lower_key" ON "rate_cards" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "rate_card_revisions_card_number_key" ON "rate_card_revisions" USING btree ("card_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "rate_card_revisions_one_active" ON "rate_card_revisions" USING btree ("card_id") WHERE "rate_card_revisions"."status" = 'active';--> statement-breakpoint
CREATE INDEX "rate_card_revisions_due_idx" ON "rate_card_revisions" USING btree ("date_live") WHERE "rate_card_revisions"."status" = 'scheduled';