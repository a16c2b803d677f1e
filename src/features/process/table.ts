import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { SECTORS, users, type Sector } from '../accounts/table';
import { municipalities } from '../municipalities/table';

/** How the tandem sees the municipality's process as a whole. */
export const PROCESS_HEALTH = ['im_plan', 'aufmerksamkeit', 'gefaehrdet'] as const;
export type ProcessHealth = (typeof PROCESS_HEALTH)[number];
export const MILESTONE_STATES = ['offen', 'in_arbeit', 'erreicht', 'entfaellt'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

/**
 * A municipality's process: its tandem (the external facilitator is an SPI-Team member, the local one a coordinator
 * of the municipality, see CONTEXT.md) and the health the tandem sets, with a reason. No row: nothing set yet.
 */
export const municipalityProcess = pgTable(
  'municipality_process',
  {
    municipalityId: integer('municipality_id')
      .primaryKey()
      .references(() => municipalities.id, { onDelete: 'cascade' }),
    externalFacilitatorId: integer('external_facilitator_id').references(() => users.id, { onDelete: 'set null' }),
    localFacilitatorId: integer('local_facilitator_id').references(() => users.id, { onDelete: 'set null' }),
    health: text('health', { enum: PROCESS_HEALTH }).notNull().default('im_plan'),
    healthReason: text('health_reason').notNull().default(''),
    healthSetAt: timestamp('health_set_at', { withTimezone: true }),
    healthSetById: integer('health_set_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('municipality_process_health_check', sql`${t.health} in ('im_plan', 'aufmerksamkeit', 'gefaehrdet')`),
    // anything but "im Plan" says why
    check('municipality_process_reason_check', sql`${t.health} = 'im_plan' or btrim(${t.healthReason}) <> ''`),
  ],
);

/** The planned and actual dates of one phase (by its key in content/prozess.md) in one municipality. */
export const municipalityPhases = pgTable(
  'municipality_phases',
  {
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'cascade' }),
    phaseKey: text('phase_key').notNull(),
    plannedStart: date('planned_start', { mode: 'string' }),
    plannedEnd: date('planned_end', { mode: 'string' }),
    actualStart: date('actual_start', { mode: 'string' }),
    actualEnd: date('actual_end', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.phaseKey] }),
    check(
      'municipality_phases_planned_check',
      sql`${t.plannedEnd} is null or ${t.plannedStart} is null or ${t.plannedEnd} >= ${t.plannedStart}`,
    ),
    check(
      'municipality_phases_actual_check',
      sql`${t.actualEnd} is null or (${t.actualStart} is not null and ${t.actualEnd} >= ${t.actualStart})`,
    ),
  ],
);

/** One milestone (by its key in content/prozess.md) in one municipality. No row: "offen", nothing planned. */
export const municipalityMilestones = pgTable(
  'municipality_milestones',
  {
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'cascade' }),
    milestoneKey: text('milestone_key').notNull(),
    plannedOn: date('planned_on', { mode: 'string' }),
    status: text('status', { enum: MILESTONE_STATES }).notNull().default('offen'),
    /** Why it is dropped ("entfällt"). */
    reason: text('reason').notNull().default(''),
    reachedOn: date('reached_on', { mode: 'string' }),
    note: text('note').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityId, t.milestoneKey] }),
    check('municipality_milestones_status_check', sql`${t.status} in ('offen', 'in_arbeit', 'erreicht', 'entfaellt')`),
    check('municipality_milestones_reached_check', sql`(${t.status} = 'erreicht') = (${t.reachedOn} is not null)`),
    check('municipality_milestones_reason_check', sql`${t.status} <> 'entfaellt' or btrim(${t.reason}) <> ''`),
  ],
);

/**
 * A member of the municipality's Steuerungsgruppe: only what the process needs (name, organisation, sector, function
 * in the group), no contact details; leaving is recorded, not deleted, so the group's history stays readable.
 */
export const steeringMembers = pgTable(
  'steering_members',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    organisation: text('organisation').notNull().default(''),
    sector: text('sector', { enum: SECTORS }),
    role: text('role').notNull().default(''),
    joinedOn: date('joined_on', { mode: 'string' }),
    leftOn: date('left_on', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('steering_members_municipality_idx').on(t.municipalityId),
    check(
      'steering_members_sector_check',
      sql`${t.sector} is null or ${t.sector} in ('verwaltung', 'bildung', 'zivilgesellschaft', 'sonstiges')`,
    ),
    check(
      'steering_members_dates_check',
      sql`${t.leftOn} is null or ${t.joinedOn} is null or ${t.leftOn} >= ${t.joinedOn}`,
    ),
  ],
);

export const MEETING_KINDS = ['steuerungsgruppe', 'tandem', 'supervision', 'beratungsgremium'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/**
 * A meeting of the process: who met (how many, which organisations and sectors), what was decided. Supervision
 * meetings are confidential: the tandem and the SPI-Team only (see access.ts).
 */
export const processMeetings = pgTable(
  'process_meetings',
  {
    id: serial('id').primaryKey(),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'cascade' }),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: MEETING_KINDS }).notNull(),
    participants: integer('participants').notNull(),
    organisations: text('organisations').notNull().default(''),
    sectors: jsonb('sectors').$type<Sector[]>().notNull().default([]),
    decisions: text('decisions').notNull().default(''),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('process_meetings_municipality_idx').on(t.municipalityId, t.heldOn),
    check(
      'process_meetings_kind_check',
      sql`${t.kind} in ('steuerungsgruppe', 'tandem', 'supervision', 'beratungsgremium')`,
    ),
    check('process_meetings_participants_check', sql`${t.participants} >= 0 and ${t.participants} <= 500`),
  ],
);

/** An agreed next step of a meeting: what, who, by when; open until marked done. */
export const meetingSteps = pgTable(
  'meeting_steps',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => processMeetings.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    who: text('who').notNull().default(''),
    dueOn: date('due_on', { mode: 'string' }),
    done: boolean('done').notNull().default(false),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneById: integer('done_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('meeting_steps_meeting_idx').on(t.meetingId)],
);
