CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"offering_id" integer NOT NULL,
	"title" text NOT NULL,
	"instructions" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"cutoff_at" timestamp with time zone,
	"expects_file" boolean NOT NULL,
	"expects_text" boolean NOT NULL,
	"allowed_kinds" jsonb NOT NULL,
	"max_file_mb" integer DEFAULT 20 NOT NULL,
	"max_files" integer DEFAULT 1 NOT NULL,
	"grading" text NOT NULL,
	"max_points" integer,
	"pass_points" integer,
	"required" boolean NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_expects_check" CHECK ("assignments"."expects_file" or "assignments"."expects_text"),
	CONSTRAINT "assignments_grading_check" CHECK ("assignments"."grading" in ('bestanden', 'punkte')),
	CONSTRAINT "assignments_points_check" CHECK ("assignments"."grading" = 'bestanden' or ("assignments"."max_points" > 0 and "assignments"."pass_points" between 0 and "assignments"."max_points")),
	CONSTRAINT "assignments_files_check" CHECK ("assignments"."max_files" between 1 and 10 and "assignments"."max_file_mb" between 1 and 20),
	CONSTRAINT "assignments_cutoff_check" CHECK ("assignments"."cutoff_at" is null or "assignments"."cutoff_at" >= "assignments"."due_at")
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"version_number" integer NOT NULL,
	"author_id" integer,
	"decision" text NOT NULL,
	"points" integer,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_decision_check" CHECK ("feedback"."decision" in ('bestanden', 'nicht_bestanden', 'ueberarbeiten'))
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"version_id" integer,
	"feedback_id" integer,
	"storage_key" text NOT NULL,
	"original_name" text NOT NULL,
	"kind" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_files_owner_check" CHECK (("stored_files"."version_id" is null) <> ("stored_files"."feedback_id" is null))
);
--> statement-breakpoint
CREATE TABLE "submission_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"number" integer NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone,
	"late_minutes" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"assignment_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"state" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"points" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submissions_state_check" CHECK ("submissions"."state" in ('entwurf', 'abgegeben', 'ueberarbeiten', 'bestanden', 'nicht_bestanden'))
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_offering_id_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."offerings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_version_id_submission_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."submission_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_versions" ADD CONSTRAINT "submission_versions_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_offering_idx" ON "assignments" USING btree ("offering_id");--> statement-breakpoint
CREATE INDEX "feedback_submission_idx" ON "feedback" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "stored_files_version_idx" ON "stored_files" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "stored_files_feedback_idx" ON "stored_files" USING btree ("feedback_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_versions_number_key" ON "submission_versions" USING btree ("submission_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_assignment_user_key" ON "submissions" USING btree ("assignment_id","user_id");--> statement-breakpoint
CREATE INDEX "submissions_user_idx" ON "submissions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "submissions_state_idx" ON "submissions" USING btree ("state","submitted_at");