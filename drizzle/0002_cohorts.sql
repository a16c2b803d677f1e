CREATE TABLE "cohort_municipalities" (
	"cohort_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"quota" integer NOT NULL,
	CONSTRAINT "cohort_municipalities_cohort_id_municipality_id_pk" PRIMARY KEY("cohort_id","municipality_id"),
	CONSTRAINT "cohort_municipalities_quota_check" CHECK ("cohort_municipalities"."quota" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'geplant' NOT NULL,
	"seats" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohorts_status_check" CHECK ("cohorts"."status" in ('geplant', 'anmeldung_offen', 'laufend', 'abgeschlossen')),
	CONSTRAINT "cohorts_period_check" CHECK ("cohorts"."ends_on" >= "cohorts"."starts_on"),
	CONSTRAINT "cohorts_seats_check" CHECK ("cohorts"."seats" > 0)
);
--> statement-breakpoint
CREATE TABLE "offering_trainers" (
	"offering_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "offering_trainers_offering_id_user_id_pk" PRIMARY KEY("offering_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "offerings" (
	"id" serial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"module_id" integer NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"offering_id" integer NOT NULL,
	"date" date NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"kind" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"ue" integer NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_sessions_kind_check" CHECK ("schedule_sessions"."kind" in ('praesenz', 'online')),
	CONSTRAINT "schedule_sessions_time_check" CHECK ("schedule_sessions"."end_time" > "schedule_sessions"."start_time"),
	CONSTRAINT "schedule_sessions_ue_check" CHECK ("schedule_sessions"."ue" >= 0 and "schedule_sessions"."ue" <= 16)
);
--> statement-breakpoint
CREATE TABLE "enrolment_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"created_by_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"rows" jsonb NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" serial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"nominated_by_id" integer,
	"nominated_at" timestamp with time zone NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"seat_since" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolments_status_check" CHECK ("enrolments"."status" in ('nominiert', 'bestaetigt', 'warteliste', 'abgelehnt', 'abgemeldet'))
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cohort_municipalities" ADD CONSTRAINT "cohort_municipalities_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_municipalities" ADD CONSTRAINT "cohort_municipalities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offering_trainers" ADD CONSTRAINT "offering_trainers_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offering_trainers" ADD CONSTRAINT "offering_trainers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_sessions" ADD CONSTRAINT "schedule_sessions_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_imports" ADD CONSTRAINT "enrolment_imports_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_imports" ADD CONSTRAINT "enrolment_imports_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_imports" ADD CONSTRAINT "enrolment_imports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_nominated_by_id_users_id_fk" FOREIGN KEY ("nominated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohort_municipalities_municipality_idx" ON "cohort_municipalities" USING btree ("municipality_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cohorts_name_key" ON "cohorts" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "offering_trainers_user_idx" ON "offering_trainers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offerings_cohort_module_key" ON "offerings" USING btree ("cohort_id","module_id");--> statement-breakpoint
CREATE INDEX "offerings_module_idx" ON "offerings" USING btree ("module_id");--> statement-breakpoint
CREATE INDEX "schedule_sessions_offering_date_idx" ON "schedule_sessions" USING btree ("offering_id","date");--> statement-breakpoint
CREATE INDEX "schedule_sessions_date_idx" ON "schedule_sessions" USING btree ("date");--> statement-breakpoint
CREATE INDEX "enrolment_imports_cohort_idx" ON "enrolment_imports" USING btree ("cohort_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_cohort_user_key" ON "enrolments" USING btree ("cohort_id","user_id");--> statement-breakpoint
CREATE INDEX "enrolments_cohort_status_idx" ON "enrolments" USING btree ("cohort_id","status");--> statement-breakpoint
CREATE INDEX "enrolments_user_idx" ON "enrolments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "enrolments_municipality_idx" ON "enrolments" USING btree ("municipality_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_key" ON "calendar_feeds" USING btree ("token_hash");