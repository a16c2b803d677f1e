-- The register moves the completion version too: what a cohort's people may still get (eligibility) is cached under it.
CREATE TRIGGER "certificates_completion_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "certificates" FOR EACH STATEMENT EXECUTE FUNCTION "bump_completion_version"();
