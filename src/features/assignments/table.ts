import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';
import { offerings } from '../cohorts/table';
import type { FileKind } from '../../platform/files/sniff';

export const GRADINGS = ['bestanden', 'punkte'] as const;
export type Grading = (typeof GRADINGS)[number];

/** A task set in a module offering: what to hand in, by when, and how it is judged. */
export const assignments = pgTable(
  'assignments',
  {
    id: serial('id').primaryKey(),
    offeringId: integer('offering_id')
      .notNull()
      .references(() => offerings.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    instructions: text('instructions').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** After this nobody may hand in any more; null: late hand-ins stay possible (and are marked late). */
    cutoffAt: timestamp('cutoff_at', { withTimezone: true }),
    expectsFile: boolean('expects_file').notNull(),
    expectsText: boolean('expects_text').notNull(),
    allowedKinds: jsonb('allowed_kinds').$type<FileKind[]>().notNull(),
    maxFileMb: integer('max_file_mb').notNull().default(20),
    maxFiles: integer('max_files').notNull().default(1),
    grading: text('grading', { enum: GRADINGS }).notNull(),
    maxPoints: integer('max_points'),
    passPoints: integer('pass_points'),
    required: boolean('required').notNull(),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('assignments_offering_idx').on(t.offeringId),
    check('assignments_expects_check', sql`${t.expectsFile} or ${t.expectsText}`),
    check('assignments_grading_check', sql`${t.grading} in ('bestanden', 'punkte')`),
    check(
      'assignments_points_check',
      sql`${t.grading} = 'bestanden' or (${t.maxPoints} > 0 and ${t.passPoints} between 0 and ${t.maxPoints})`,
    ),
    check('assignments_files_check', sql`${t.maxFiles} between 1 and 10 and ${t.maxFileMb} between 1 and 20`),
    check('assignments_cutoff_check', sql`${t.cutoffAt} is null or ${t.cutoffAt} >= ${t.dueAt}`),
  ],
);
export type Assignment = typeof assignments.$inferSelect;

export const SUBMISSION_STATES = ['entwurf', 'abgegeben', 'ueberarbeiten', 'bestanden', 'nicht_bestanden'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** One person's work on one assignment, across all its versions. */
export const submissions = pgTable(
  'submissions',
  {
    id: serial('id').primaryKey(),
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'restrict' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    state: text('state', { enum: SUBMISSION_STATES }).notNull(),
    /** When the newest version was handed in: the grading queue's order (oldest first). */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    points: integer('points'),
    /**
     * When the retention period removed the work itself (texts and files of every version and of the feedback); the
     * outcome (state, points, dates) stays, since completion and certificates rest on it.
     */
    contentRemovedAt: timestamp('content_removed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('submissions_assignment_user_key').on(t.assignmentId, t.userId),
    index('submissions_user_idx').on(t.userId),
    index('submissions_state_idx').on(t.state, t.submittedAt),
    check(
      'submissions_state_check',
      sql`${t.state} in ('entwurf', 'abgegeben', 'ueberarbeiten', 'bestanden', 'nicht_bestanden')`,
    ),
  ],
);
export type Submission = typeof submissions.$inferSelect;

/** A version of a hand-in. The draft is the one version without submitted_at; handed-in versions never change. */
export const submissionVersions = pgTable(
  'submission_versions',
  {
    id: serial('id').primaryKey(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'restrict' }),
    number: integer('number').notNull(),
    text: text('text').notNull().default(''),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    lateMinutes: integer('late_minutes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('submission_versions_number_key').on(t.submissionId, t.number)],
);

/** A stored file, of a version or of feedback; the original name is kept as data, the bytes under a generated key. */
export const storedFiles = pgTable(
  'stored_files',
  {
    id: serial('id').primaryKey(),
    versionId: integer('version_id').references(() => submissionVersions.id, { onDelete: 'restrict' }),
    feedbackId: integer('feedback_id'),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name').notNull(),
    kind: text('kind').$type<FileKind>().notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stored_files_version_idx').on(t.versionId),
    index('stored_files_feedback_idx').on(t.feedbackId),
    check('stored_files_owner_check', sql`(${t.versionId} is null) <> (${t.feedbackId} is null)`),
  ],
);

export const FEEDBACK_DECISIONS = ['bestanden', 'nicht_bestanden', 'ueberarbeiten'] as const;
export type FeedbackDecision = (typeof FEEDBACK_DECISIONS)[number];

/** A trainer's answer to a handed-in version: a grade, or "Zur Überarbeitung zurückgeben". */
export const feedback = pgTable(
  'feedback',
  {
    id: serial('id').primaryKey(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'restrict' }),
    versionNumber: integer('version_number').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    decision: text('decision', { enum: FEEDBACK_DECISIONS }).notNull(),
    points: integer('points'),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('feedback_submission_idx').on(t.submissionId),
    check('feedback_decision_check', sql`${t.decision} in ('bestanden', 'nicht_bestanden', 'ueberarbeiten')`),
  ],
);
