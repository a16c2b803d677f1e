CREATE TABLE "certificate_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"started_by_id" integer,
	"kind" text,
	"state" text DEFAULT 'laufend' NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"existing" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "certificate_runs_kind_check" CHECK ("certificate_runs"."kind" in ('teilnahme', 'zertifikat')),
	CONSTRAINT "certificate_runs_state_check" CHECK ("certificate_runs"."state" in ('laufend', 'fertig', 'fehlgeschlagen', 'abgebrochen'))
);
--> statement-breakpoint
ALTER TABLE "certificate_runs" ADD CONSTRAINT "certificate_runs_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_runs" ADD CONSTRAINT "certificate_runs_started_by_id_users_id_fk" FOREIGN KEY ("started_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_runs_one_running_key" ON "certificate_runs" USING btree ("cohort_id") WHERE "certificate_runs"."state" = 'laufend';--> statement-breakpoint
CREATE INDEX "certificate_runs_cohort_idx" ON "certificate_runs" USING btree ("cohort_id");