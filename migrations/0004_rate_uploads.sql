CREATE TABLE "rate_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"card_id" uuid NOT NULL,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"data" "bytea" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rate_uploads" ADD CONSTRAINT "rate_uploads_card_id_rate_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."rate_cards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_uploads_expires_idx" ON "rate_uploads" USING btree ("expires_at");