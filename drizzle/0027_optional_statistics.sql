ALTER TABLE "users" ADD COLUMN "age_band" text;--> statement-breakpoint
ALTER TABLE "course" ADD COLUMN "optional_statistics" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_age_band_check" CHECK ("users"."age_band" is null or "users"."age_band" in ('bis_29', '30_39', '40_49', '50_59', 'ab_60'));