ALTER TABLE "completion_warnings" ADD COLUMN "sent_by_id" integer;--> statement-breakpoint
ALTER TABLE "completion_warnings" ADD COLUMN "subject" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "completion_warnings" ADD CONSTRAINT "completion_warnings_sent_by_id_users_id_fk" FOREIGN KEY ("sent_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;