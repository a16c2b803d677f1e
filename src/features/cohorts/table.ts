import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  time,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { municipalities } from '../municipalities/table';
import { modules, MODULE_KINDS } from '../catalogue/table';
import { users } from '../accounts/table';

export const COHORT_STATUSES = ['geplant', 'anmeldung_offen', 'laufend', 'abgeschlossen'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

/** A Durchgang: one run of the course with its municipalities, module offerings and schedule. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: COHORT_STATUSES }).notNull().default('geplant'),
    seats: integer('seats').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cohorts_name_key').on(sql`lower(${t.name})`),
    check('cohorts_status_check', sql`${t.status} in ('geplant', 'anmeldung_offen', 'laufend', 'abgeschlossen')`),
    check('cohorts_period_check', sql`${t.endsOn} >= ${t.startsOn}`),
    check('cohorts_seats_check', sql`${t.seats} > 0`),
  ],
);
export type Cohort = typeof cohorts.$inferSelect;

/** A municipality taking part in a cohort, with the seats reserved for it. */
export const cohortMunicipalities = pgTable(
  'cohort_municipalities',
  {
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'restrict' }),
    quota: integer('quota').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.municipalityId] }),
    index('cohort_municipalities_municipality_idx').on(t.municipalityId),
    check('cohort_municipalities_quota_check', sql`${t.quota} >= 0`),
  ],
);

/** A module of the catalogue as taught in one cohort. */
export const offerings = pgTable(
  'offerings',
  {
    id: serial('id').primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => modules.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('offerings_cohort_module_key').on(t.cohortId, t.moduleId),
    index('offerings_module_idx').on(t.moduleId),
  ],
);
export type Offering = typeof offerings.$inferSelect;

export const offeringTrainers = pgTable(
  'offering_trainers',
  {
    offeringId: integer('offering_id')
      .notNull()
      .references(() => offerings.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.offeringId, t.userId] }), index('offering_trainers_user_idx').on(t.userId)],
);

export const SESSION_KINDS = MODULE_KINDS;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * A Termin. Date and times are wall-clock times in Europe/Berlin, stored as such: a session on the day clocks change
 * keeps its 9:00 rather than drifting by an hour, and the UTC instant is derived only where needed (iCal, "is past").
 */
export const scheduleSessions = pgTable(
  'schedule_sessions',
  {
    id: serial('id').primaryKey(),
    offeringId: integer('offering_id')
      .notNull()
      .references(() => offerings.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    kind: text('kind', { enum: SESSION_KINDS }).notNull(),
    location: text('location').notNull().default(''),
    videoUrl: text('video_url').notNull().default(''),
    ue: integer('ue').notNull(),
    /** Bumped on every change, so calendars replace the event (iCal SEQUENCE). */
    revision: integer('revision').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('schedule_sessions_offering_date_idx').on(t.offeringId, t.date),
    // the same module twice at the same time is a typo, never a plan
    uniqueIndex('schedule_sessions_unique_key').on(t.offeringId, t.date, t.startTime, t.endTime),
    index('schedule_sessions_date_idx').on(t.date),
    check('schedule_sessions_kind_check', sql`${t.kind} in ('praesenz', 'online')`),
    check('schedule_sessions_time_check', sql`${t.endTime} > ${t.startTime}`),
    check('schedule_sessions_ue_check', sql`${t.ue} >= 0 and ${t.ue} <= 16`),
  ],
);
export type ScheduleSession = typeof scheduleSessions.$inferSelect;
