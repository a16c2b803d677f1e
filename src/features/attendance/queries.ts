import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { minuteOf, versionedCache } from '../../platform/db/data-version';
import { berlinInstant } from '../../platform/time';
import { users } from '../accounts/table';
import { course, type CompletionRule } from '../catalogue/table';
import { municipalities } from '../municipalities/table';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { offeringsOf, sessionsOfCohort } from '../cohorts/queries';
export { personLedger, type LedgerSession, type LedgerOffering, type Mark, type PersonLedger } from './ledger';
import { attendance } from './table';
import { durationMinutes, personLedger, type LedgerSession, type Mark } from './ledger';
import { cohorts, offerings, scheduleSessions, type ScheduleSession } from '../cohorts/table';
import { modules } from '../catalogue/table';

/** The rule from content/course.md; a database without content (fresh tests) uses the course's published rule. */
export async function completionRule(db: Db): Promise<CompletionRule> {
  const [row] = await db.select({ rule: course.completionRule }).from(course);
  return (
    row?.rule ?? {
      minPraesenzModules: 4,
      minOnlineModules: 1,
      requiredAssignmentsPassed: true,
      minUeShare: 0.8,
      lessonsRequired: false,
    }
  );
}

/**
 * Everything the attendance pages of one cohort need, in five queries whatever the number of people and sessions:
 * offerings, sessions, people who ever held a seat, their marks, the rule. Ledgers are computed in memory.
 */
/**
 * Attendance and ledgers of a cohort (or a municipality's part, or one person), cached under the completion version:
 * the sheet, the matrix and the start pages ask for the same cohort many times between two changes.
 */
export const cohortAttendance = versionedCache(
  'completion',
  (cohortId: number, now: Date, scope: { municipalityId?: number; userId?: number } = {}) =>
    `attendance|${cohortId}|${scope.municipalityId ?? ''}|${scope.userId ?? ''}|${minuteOf(now)}`,
  computeCohortAttendance,
);

async function computeCohortAttendance(
  db: Db,
  cohortId: number,
  now: Date,
  scope: { municipalityId?: number; userId?: number } = {},
) {
  const [offeringRows, sessionRows, rule] = await Promise.all([
    offeringsOf(db, cohortId),
    sessionsOfCohort(db, cohortId),
    completionRule(db),
  ]);
  const where: SQL[] = [eq(enrolments.cohortId, cohortId), isNotNull(enrolments.seatSince)];
  if (scope.municipalityId !== undefined) where.push(eq(enrolments.municipalityId, scope.municipalityId));
  if (scope.userId !== undefined) where.push(eq(enrolments.userId, scope.userId));
  const people = await db
    .select({
      person: {
        id: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        organisation: users.organisation,
        sector: users.sector,
      },
      municipality: municipalities.name,
      municipalityId: municipalities.id,
      enrolment: enrolments,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(municipalities, eq(municipalities.id, enrolments.municipalityId))
    .where(and(...where))
    .orderBy(asc(municipalities.sortName), asc(users.sortName), asc(users.id));
  const sessionIds = sessionRows.map((s) => s.id);
  const marks =
    sessionIds.length && people.length
      ? await db
          .select()
          .from(attendance)
          .where(
            and(
              inArray(attendance.sessionId, sessionIds),
              inArray(
                attendance.userId,
                people.map((p) => p.person.id),
              ),
            ),
          )
      : [];
  const kindOfOffering = new Map(offeringRows.map((o) => [o.id, o.kind]));
  const sessions: Array<
    LedgerSession & { date: string; startTime: string; endTime: string; offeringPosition: number }
  > = sessionRows.map((s) => ({
    id: s.id,
    offeringId: s.offeringId,
    kind: s.kind,
    moduleKind: kindOfOffering.get(s.offeringId) ?? s.kind,
    ue: s.ue,
    duration: durationMinutes(s),
    start: berlinInstant(s.date, s.startTime),
    end: berlinInstant(s.date, s.endTime),
    date: s.date,
    startTime: s.startTime,
    endTime: s.endTime,
    offeringPosition: offeringRows.find((o) => o.id === s.offeringId)?.position ?? 0,
  }));
  const offerings = offeringRows.map((o) => ({ id: o.id, title: o.title, moduleKind: o.kind, position: o.position }));
  const marksOf = new Map<number, Map<number, Mark & { note: string }>>();
  for (const m of marks) {
    if (!marksOf.has(m.userId)) marksOf.set(m.userId, new Map());
    marksOf.get(m.userId)!.set(m.sessionId, { status: m.status, minutes: m.minutes, note: m.note });
  }
  const rows = people.map((p) => {
    const e = p.enrolment;
    const leftAt = e.status === 'abgemeldet' || e.status === 'abgelehnt' ? e.decidedAt : null;
    const own = marksOf.get(p.person.id) ?? new Map();
    const counts = (s: LedgerSession) => !!e.seatSince && e.seatSince <= s.start && (!leftAt || leftAt > s.start);
    return {
      ...p,
      marks: own,
      counts,
      ledger: personLedger({ person: { seatSince: e.seatSince, leftAt }, offerings, sessions, marks: own, now, rule }),
    };
  });
  return { offerings, sessions, rule, rows };
}
export type CohortAttendance = Awaited<ReturnType<typeof cohortAttendance>>;

/**
 * Whom a session counts for: everyone who held a seat when it began and still holds it, or left only after it began.
 * People enrolled later never see it counted (for or against them); a later withdrawal does not erase it. Whoever has
 * attendance recorded stays on the sheet, whatever happened to their enrolment since.
 */
export const countsFor = (startsAt: SQL) => sql`(
  ${enrolments.seatSince} is not null and ${enrolments.seatSince} <= ${startsAt} and (
    ${inArray(enrolments.status, SEAT_HOLDING)}
    or (${enrolments.status} in ('abgemeldet', 'abgelehnt') and ${enrolments.decidedAt} > ${startsAt})
  )
)`;

/** A session's start as an instant, computed by the database from the Berlin wall-clock time. */
export const sessionStart = sql`((${scheduleSessions.date} + ${scheduleSessions.startTime}) at time zone 'Europe/Berlin')`;
export const sessionEnd = sql`((${scheduleSessions.date} + ${scheduleSessions.endTime}) at time zone 'Europe/Berlin')`;

/** Per started session of a cohort: how many people it counts for, and how many of them are not marked yet. */
export function recordingState(db: Db, cohortId: number, now: Date) {
  return db
    .select({
      sessionId: scheduleSessions.id,
      expected: sql<number>`count(*)::int`,
      missing: sql<number>`(count(*) filter (where ${attendance.userId} is null))::int`,
    })
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
/** Ended sessions with people not marked yet (everything, or a trainer's own), cached like cohortAttendance. */
export const missingAttendance = versionedCache(
  'completion',
  (scope: { trainerId?: number }, now: Date) => `missing|${scope.trainerId ?? ''}|${minuteOf(now)}`,
  async (db: Db, scope: { trainerId?: number }, now: Date) => ({ sessions: await computeMissing(db, scope, now) }),
);

function computeMissing(db: Db, scope: { trainerId?: number }, now: Date) {
  const mine =
    scope.trainerId === undefined
      ? undefined
      : sql`${offerings.id} in (select offering_id from offering_trainers where user_id = ${scope.trainerId})`;
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
