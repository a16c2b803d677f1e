import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { berlinInstant } from '../../platform/time';
import { users } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import { enrolments } from '../enrolment/table';
import { cohorts, offerings, scheduleSessions, type ScheduleSession } from '../cohorts/table';
import { modules } from '../catalogue/table';
import { attendance } from './table';

/**
 * Whom a session counts for: everyone who held a seat when it began and still holds it, or left only after it began.
 * People enrolled later never see it counted (for or against them); a later withdrawal does not erase it. Whoever has
 * attendance recorded stays on the sheet, whatever happened to their enrolment since.
 */
export const countsFor = (startsAt: SQL) => sql`(
  ${enrolments.seatSince} is not null and ${enrolments.seatSince} <= ${startsAt} and (
    ${enrolments.status} in ('nominiert', 'bestaetigt')
    or (${enrolments.status} in ('abgemeldet', 'abgelehnt') and ${enrolments.decidedAt} > ${startsAt})
  )
)`;

/** A session's start as an instant, computed by the database from the Berlin wall-clock time. */
export const sessionStart = sql`((${scheduleSessions.date} + ${scheduleSessions.startTime}) at time zone 'Europe/Berlin')`;
export const sessionEnd = sql`((${scheduleSessions.date} + ${scheduleSessions.endTime}) at time zone 'Europe/Berlin')`;

/** Per started session of a cohort: how many people it counts for, and how many of them are not marked yet. */
export function recordingState(db: Db, cohortId: number, now: Date) {
  return db
    .select({ sessionId: scheduleSessions.id, expected: sql<number>`count(*)::int`, missing: sql<number>`(count(*) filter (where ${attendance.userId} is null))::int` })
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .innerJoin(enrolments, and(eq(enrolments.cohortId, offerings.cohortId), countsFor(sessionStart)))
    .leftJoin(attendance, and(eq(attendance.sessionId, scheduleSessions.id), eq(attendance.userId, enrolments.userId)))
    .where(and(eq(offerings.cohortId, cohortId), sql`${sessionStart} <= ${now.toISOString()}::timestamptz`))
    .groupBy(scheduleSessions.id);
}

export async function rosterOf(db: Db, session: ScheduleSession, cohortId: number) {
  const startsAt = sql`${berlinInstant(session.date, session.startTime).toISOString()}::timestamptz`;
  return db
    .select({
      person: { id: users.id, firstName: users.firstName, lastName: users.lastName, organisation: users.organisation },
      municipality: municipalities.name,
      enrolmentStatus: enrolments.status,
      mark: attendance,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(municipalities, eq(municipalities.id, enrolments.municipalityId))
    .leftJoin(attendance, and(eq(attendance.sessionId, session.id), eq(attendance.userId, enrolments.userId)))
    .where(and(eq(enrolments.cohortId, cohortId), sql`(${attendance.userId} is not null or ${countsFor(startsAt)})`))
    .orderBy(asc(users.sortName), asc(users.id));
}
export type RosterRow = Awaited<ReturnType<typeof rosterOf>>[number];

/**
 * Ended sessions where someone is not marked yet: "Anwesenheit fehlt". A trainer sees the sessions they teach, the
 * SPI-Team all of them.
 */
export function missingAttendance(db: Db, scope: { trainerId?: number }, now: Date) {
  const mine = scope.trainerId === undefined ? undefined : sql`${offerings.id} in (select offering_id from offering_trainers where user_id = ${scope.trainerId})`;
  return db
    .select({
      sessionId: scheduleSessions.id,
      date: scheduleSessions.date,
      startTime: scheduleSessions.startTime,
      moduleTitle: modules.title,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      missing: sql<number>`(count(*) filter (where ${attendance.userId} is null))::int`,
    })
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
    .innerJoin(enrolments, and(eq(enrolments.cohortId, offerings.cohortId), countsFor(sessionStart)))
    .leftJoin(attendance, and(eq(attendance.sessionId, scheduleSessions.id), eq(attendance.userId, enrolments.userId)))
    .where(and(sql`${sessionEnd} <= ${now.toISOString()}::timestamptz`, mine))
    .groupBy(scheduleSessions.id, modules.title, cohorts.id, cohorts.name)
    .having(sql`count(*) filter (where ${attendance.userId} is null) > 0`)
    .orderBy(asc(scheduleSessions.date), asc(scheduleSessions.startTime));
}
