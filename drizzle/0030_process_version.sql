-- A version the municipalities' process summaries are cached under (the SPI-Team's start page and overview, the
-- coordinators' start page, the reports): every statement that changes a table they read moves it on, in the writing
-- transaction (see 0023 and src/platform/db/data-version.ts).
INSERT INTO "data_versions" ("name", "n") VALUES ('process', nextval('data_version_seq'));
--> statement-breakpoint
CREATE FUNCTION "bump_process_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_versions" SET "n" = nextval('data_version_seq') WHERE "name" = 'process';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "municipality_process_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "municipality_process" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
--> statement-breakpoint
CREATE TRIGGER "municipality_phases_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "municipality_phases" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
--> statement-breakpoint
CREATE TRIGGER "municipality_milestones_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "municipality_milestones" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
--> statement-breakpoint
CREATE TRIGGER "process_meetings_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "process_meetings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
--> statement-breakpoint
CREATE TRIGGER "meeting_steps_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "meeting_steps" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
--> statement-breakpoint
CREATE TRIGGER "steering_members_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "steering_members" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
--> statement-breakpoint
CREATE TRIGGER "municipalities_process_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "municipalities" FOR EACH STATEMENT EXECUTE FUNCTION "bump_process_version"();
