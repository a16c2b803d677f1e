CREATE TABLE "checkin_windows" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"opened_by_id" integer,
	"secret" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkin_windows" ADD CONSTRAINT "checkin_windows_session_id_schedule_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."schedule_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_windows" ADD CONSTRAINT "checkin_windows_opened_by_id_users_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkin_windows_session_idx" ON "checkin_windows" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "checkin_windows_closes_idx" ON "checkin_windows" USING btree ("closes_at");