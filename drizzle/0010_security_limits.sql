-- Staff accounts never belonged to a municipality for access purposes; clear what older versions allowed.
UPDATE "users" SET "municipality_id" = NULL WHERE "role" IN ('admin', 'trainer') AND "municipality_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_staff_municipality_check" CHECK ("users"."role" not in ('admin', 'trainer') or "users"."municipality_id" is null);