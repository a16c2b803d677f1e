import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import { cohorts } from '../cohorts/table';

export const ENROLMENT_STATUSES = ['nominiert', 'bestaetigt', 'warteliste', 'abgelehnt', 'abgemeldet'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
/** The states that occupy a seat of the cohort and of the municipality's quota. */
export const SEAT_HOLDING: EnrolmentStatus[] = ['nominiert', 'bestaetigt'];

export const enrolments = pgTable(
  'enrolments',
  {
    id: serial('id').primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** Copied at nomination: the quota it counts against stays put if the person later moves. */
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull(),
    reason: text('reason').notNull().default(''),
    nominatedById: integer('nominated_by_id').references(() => users.id, { onDelete: 'set null' }),
    nominatedAt: timestamp('nominated_at', { withTimezone: true }).notNull(),
    /** Order of the waiting list. */
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
    /** Since when the person holds a seat: sessions before it never count for (or against) them. */
    seatSince: timestamp('seat_since', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enrolments_cohort_user_key').on(t.cohortId, t.userId),
    index('enrolments_cohort_status_idx').on(t.cohortId, t.status),
    index('enrolments_user_idx').on(t.userId),
    index('enrolments_municipality_idx').on(t.municipalityId),
    check(
      'enrolments_status_check',
      sql`${t.status} in ('nominiert', 'bestaetigt', 'warteliste', 'abgelehnt', 'abgemeldet')`,
    ),
  ],
);
export type Enrolment = typeof enrolments.$inferSelect;

export type ImportRow = {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  organisation: string;
  jobTitle: string;
  sector: string;
  /** An account with this e-mail exists already: it is nominated as it is, not changed. */
  existing?: boolean;
  /** German messages; a row without errors is imported on confirmation. */
  errors: string[];
};

/** An uploaded list between preview and confirmation. Only parsed rows are kept, never the file. */
export const enrolmentImports = pgTable(
  'enrolment_imports',
  {
    id: serial('id').primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id, { onDelete: 'cascade' }),
    createdById: integer('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    rows: jsonb('rows').$type<ImportRow[]>().notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('enrolment_imports_cohort_idx').on(t.cohortId)],
);
