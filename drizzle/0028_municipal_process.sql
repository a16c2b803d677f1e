CREATE TABLE "municipality_milestones" (
	"municipality_id" integer NOT NULL,
	"milestone_key" text NOT NULL,
	"planned_on" date,
	"status" text DEFAULT 'offen' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"reached_on" date,
	"note" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	CONSTRAINT "municipality_milestones_municipality_id_milestone_key_pk" PRIMARY KEY("municipality_id","milestone_key"),
	CONSTRAINT "municipality_milestones_status_check" CHECK ("municipality_milestones"."status" in ('offen', 'in_arbeit', 'erreicht', 'entfaellt')),
	CONSTRAINT "municipality_milestones_reached_check" CHECK (("municipality_milestones"."status" = 'erreicht') = ("municipality_milestones"."reached_on" is not null)),
	CONSTRAINT "municipality_milestones_reason_check" CHECK ("municipality_milestones"."status" <> 'entfaellt' or btrim("municipality_milestones"."reason") <> '')
);
--> statement-breakpoint
CREATE TABLE "municipality_phases" (
	"municipality_id" integer NOT NULL,
	"phase_key" text NOT NULL,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	CONSTRAINT "municipality_phases_municipality_id_phase_key_pk" PRIMARY KEY("municipality_id","phase_key"),
	CONSTRAINT "municipality_phases_planned_check" CHECK ("municipality_phases"."planned_end" is null or "municipality_phases"."planned_start" is null or "municipality_phases"."planned_end" >= "municipality_phases"."planned_start"),
	CONSTRAINT "municipality_phases_actual_check" CHECK ("municipality_phases"."actual_end" is null or ("municipality_phases"."actual_start" is not null and "municipality_phases"."actual_end" >= "municipality_phases"."actual_start"))
);
--> statement-breakpoint
CREATE TABLE "municipality_process" (
	"municipality_id" integer PRIMARY KEY NOT NULL,
	"external_facilitator_id" integer,
	"local_facilitator_id" integer,
	"health" text DEFAULT 'im_plan' NOT NULL,
	"health_reason" text DEFAULT '' NOT NULL,
	"health_set_at" timestamp with time zone,
	"health_set_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "municipality_process_health_check" CHECK ("municipality_process"."health" in ('im_plan', 'aufmerksamkeit', 'gefaehrdet')),
	CONSTRAINT "municipality_process_reason_check" CHECK ("municipality_process"."health" = 'im_plan' or btrim("municipality_process"."health_reason") <> '')
);
--> statement-breakpoint
ALTER TABLE "municipality_milestones" ADD CONSTRAINT "municipality_milestones_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_milestones" ADD CONSTRAINT "municipality_milestones_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_phases" ADD CONSTRAINT "municipality_phases_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_phases" ADD CONSTRAINT "municipality_phases_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_process" ADD CONSTRAINT "municipality_process_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_process" ADD CONSTRAINT "municipality_process_external_facilitator_id_users_id_fk" FOREIGN KEY ("external_facilitator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_process" ADD CONSTRAINT "municipality_process_local_facilitator_id_users_id_fk" FOREIGN KEY ("local_facilitator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_process" ADD CONSTRAINT "municipality_process_health_set_by_id_users_id_fk" FOREIGN KEY ("health_set_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;