-- A version the people counts are cached under (the SPI-Team's start page, the people list's totals): every statement
-- that changes users moves it on, in the writing transaction (see 0023 and src/platform/db/data-version.ts).
INSERT INTO "data_versions" ("name", "n") VALUES ('people', nextval('data_version_seq'));
--> statement-breakpoint
CREATE FUNCTION "bump_people_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_versions" SET "n" = nextval('data_version_seq') WHERE "name" = 'people';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_people_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_people_version"();
--> statement-breakpoint
-- The cohort page (cached under completion and people) shows the quotas too.
CREATE TRIGGER "cohort_municipalities_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cohort_municipalities" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
--> statement-breakpoint
-- The catalogue's pages (module, lesson) are cached under their own version: only a content sync changes these tables.
INSERT INTO "data_versions" ("name", "n") VALUES ('catalogue', nextval('data_version_seq'));
--> statement-breakpoint
CREATE FUNCTION "bump_catalogue_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_versions" SET "n" = nextval('data_version_seq') WHERE "name" = 'catalogue';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "course_catalogue_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "course" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_version"();
--> statement-breakpoint
CREATE TRIGGER "modules_catalogue_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "modules" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_version"();
--> statement-breakpoint
CREATE TRIGGER "lessons_catalogue_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "lessons" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_version"();
--> statement-breakpoint
CREATE TRIGGER "materials_catalogue_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "materials" FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_version"();
