-- A version the completion read model is cached under (src/platform/db/data-version.ts). Every statement that changes
-- what cohortAttendance, cohortCompletion and missingAttendance read moves it on, in the writing transaction, so a cache keyed by it can never
-- serve what a committed change has outdated. Values come from a sequence: a rolled-back bump is never reused.
CREATE SEQUENCE "data_version_seq";
--> statement-breakpoint
CREATE TABLE "data_versions" ("name" text PRIMARY KEY NOT NULL, "n" bigint NOT NULL);
--> statement-breakpoint
INSERT INTO "data_versions" ("name", "n") VALUES ('completion', nextval('data_version_seq'));
--> statement-breakpoint
CREATE FUNCTION "bump_completion_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_versions" SET "n" = nextval('data_version_seq') WHERE "name" = 'completion';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "attendance_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "attendance" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "enrolments_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "enrolments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "schedule_sessions_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "schedule_sessions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "offerings_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "offerings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "cohorts_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cohorts" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "modules_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "modules" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "lessons_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "lessons" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "lesson_progress_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "lesson_progress" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "course_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "course" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "assignments_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assignments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "submissions_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "submissions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "municipalities_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "municipalities" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
CREATE TRIGGER "offering_trainers_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "offering_trainers" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
-- people: only what the rows show or scope (a sign-in writes last_sign_in_at and moves nothing)
CREATE TRIGGER "users_completion_version" AFTER INSERT OR DELETE OR UPDATE OF "first_name", "last_name", "email", "organisation", "municipality_id", "active" ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
