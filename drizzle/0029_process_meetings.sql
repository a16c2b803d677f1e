CREATE TABLE "meeting_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"text" text NOT NULL,
	"who" text DEFAULT '' NOT NULL,
	"due_on" date,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_id" integer
);
--> statement-breakpoint
CREATE TABLE "process_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"kind" text NOT NULL,
	"participants" integer NOT NULL,
	"organisations" text DEFAULT '' NOT NULL,
	"sectors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decisions" text DEFAULT '' NOT NULL,
	"created_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "process_meetings_kind_check" CHECK ("process_meetings"."kind" in ('steuerungsgruppe', 'tandem', 'supervision', 'beratungsgremium')),
	CONSTRAINT "process_meetings_participants_check" CHECK ("process_meetings"."participants" >= 0 and "process_meetings"."participants" <= 500)
);
--> statement-breakpoint
CREATE TABLE "steering_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"municipality_id" integer NOT NULL,
	"name" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"sector" text,
	"role" text DEFAULT '' NOT NULL,
	"joined_on" date,
	"left_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	CONSTRAINT "steering_members_sector_check" CHECK ("steering_members"."sector" is null or "steering_members"."sector" in ('verwaltung', 'bildung', 'zivilgesellschaft', 'sonstiges')),
	CONSTRAINT "steering_members_dates_check" CHECK ("steering_members"."left_on" is null or "steering_members"."joined_on" is null or "steering_members"."left_on" >= "steering_members"."joined_on")
);
--> statement-breakpoint
ALTER TABLE "meeting_steps" ADD CONSTRAINT "meeting_steps_meeting_id_process_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."process_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_steps" ADD CONSTRAINT "meeting_steps_done_by_id_users_id_fk" FOREIGN KEY ("done_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_meetings" ADD CONSTRAINT "process_meetings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_meetings" ADD CONSTRAINT "process_meetings_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_members" ADD CONSTRAINT "steering_members_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steering_members" ADD CONSTRAINT "steering_members_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_steps_meeting_idx" ON "meeting_steps" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "process_meetings_municipality_idx" ON "process_meetings" USING btree ("municipality_id","held_on");--> statement-breakpoint
CREATE INDEX "steering_members_municipality_idx" ON "steering_members" USING btree ("municipality_id");