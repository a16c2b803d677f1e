import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';
import { scheduleSessions } from '../cohorts/table';

export const ATTENDANCE_STATUSES = ['anwesend', 'teilweise', 'entschuldigt', 'unentschuldigt'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_SOURCES = ['liste', 'checkin'] as const;

/**
 * One person's attendance at one session, as last recorded. No row means "nicht erfasst". A session with attendance
 * cannot be deleted (restrict): what was recorded stays.
 */
export const attendance = pgTable(
  'attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => scheduleSessions.id, { onDelete: 'restrict' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ATTENDANCE_STATUSES }).notNull(),
    /** Minutes attended, only for "teilweise". */
    minutes: integer('minutes'),
    note: text('note').notNull().default(''),
    source: text('source', { enum: ATTENDANCE_SOURCES }).notNull(),
    /** Bumped on every change: a sheet saved from an older version cannot overwrite a newer mark unnoticed. */
    version: integer('version').notNull().default(1),
    recordedById: integer('recorded_by_id').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.userId] }),
    index('attendance_user_idx').on(t.userId),
    check('attendance_status_check', sql`${t.status} in ('anwesend', 'teilweise', 'entschuldigt', 'unentschuldigt')`),
    check(
      'attendance_minutes_check',
      sql`(${t.status} = 'teilweise') = (${t.minutes} is not null) and (${t.minutes} is null or ${t.minutes} > 0)`,
    ),
  ],
);
export type Attendance = typeof attendance.$inferSelect;

/** Every change of attendance, append-only: who, when, from what to what. */
export const attendanceChanges = pgTable(
  'attendance_changes',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => scheduleSessions.id, { onDelete: 'restrict' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source', { enum: ATTENDANCE_SOURCES }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    fromMinutes: integer('from_minutes'),
    toMinutes: integer('to_minutes'),
    fromNote: text('from_note'),
    toNote: text('to_note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('attendance_changes_session_idx').on(t.sessionId), index('attendance_changes_user_idx').on(t.userId)],
);
