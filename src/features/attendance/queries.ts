import { and, asc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { berlinInstant } from '../../platform/time';
import { users } from '../accounts/table';
import { course, type CompletionRule } from '../catalogue/table';
import { municipalities } from '../municipalities/table';
import { enrolments } from '../enrolment/table';
import { offeringsOf, sessionsOfCohort } from '../cohorts/queries';
import { attendance } from './table';
import { durationMinutes, personLedger, type LedgerSession, type Mark } from './ledger';

/** The rule from content/course.md; a database without content (fresh tests) uses the course's published rule. */
export async function completionRule(db: Db): Promise<CompletionRule> {
  const [row] = await db.select({ rule: course.completionRule }).from(course);
  return row?.rule ?? { minPraesenzModules: 4, minOnlineModules: 1, requiredAssignmentsPassed: true, minUeShare: 0.8, lessonsRequired: false };
}

/**
 * Everything the attendance pages of one cohort need, in five queries whatever the number of people and sessions:
 * offerings, sessions, people who ever held a seat, their marks, the rule. Ledgers are computed in memory.
 */
export async function cohortAttendance(db: Db, cohortId: number, now: Date, scope: { municipalityId?: number; userId?: number } = {}) {
  const [offeringRows, sessionRows, rule] = await Promise.all([offeringsOf(db, cohortId), sessionsOfCohort(db, cohortId), completionRule(db)]);
  const where: SQL[] = [eq(enrolments.cohortId, cohortId), isNotNull(enrolments.seatSince)];
  if (scope.municipalityId !== undefined) where.push(eq(enrolments.municipalityId, scope.municipalityId));
  if (scope.userId !== undefined) where.push(eq(enrolments.userId, scope.userId));
  const people = await db
    .select({
      person: { id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, organisation: users.organisation },
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
  const marks = sessionIds.length && people.length
    ? await db.select().from(attendance).where(and(inArray(attendance.sessionId, sessionIds), inArray(attendance.userId, people.map((p) => p.person.id))))
    : [];
  const kindOfOffering = new Map(offeringRows.map((o) => [o.id, o.kind]));
  const sessions: Array<LedgerSession & { date: string; startTime: string; endTime: string; offeringPosition: number }> = sessionRows.map((s) => ({
    id: s.id, offeringId: s.offeringId, kind: s.kind, moduleKind: kindOfOffering.get(s.offeringId) ?? s.kind, ue: s.ue, duration: durationMinutes(s),
    start: berlinInstant(s.date, s.startTime), end: berlinInstant(s.date, s.endTime), date: s.date, startTime: s.startTime, endTime: s.endTime,
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
    return { ...p, marks: own, counts, ledger: personLedger({ person: { seatSince: e.seatSince, leftAt }, offerings, sessions, marks: own, now, rule }) };
  });
  return { offerings, sessions, rule, rows };
}
export type CohortAttendance = Awaited<ReturnType<typeof cohortAttendance>>;
