import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { berlinInstant } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { municipalities } from '../municipalities/table';
import { canSeeRecordingState, reachCohort, type CohortAccess } from './access';
import { recordingState } from '../attendance/queries';
import { assignments, submissions } from '../assignments/table';
import * as q from './queries';
import { cohorts, offerings, offeringTrainers } from './table';
import type { CohortContext } from './context';
import type { Db } from '../../platform/db/client';
import { minuteOf, versionedCache } from '../../platform/db/data-version';

/** What the cohort pages and the lists read; a person who sees only part of a cohort gets the part. */
export function reading(ctx: CohortContext) {
  const { db, clock, managed, offeringOf, sessionOf } = ctx;
  return {
    reach: (actor: SessionUser, cohortId: number) => reachCohort(db, actor, cohortId),
    managed,
    offeringOf,
    sessionOf,
    list: (actor: SessionUser) => q.listCohorts(db, actor),
    /** Cohorts not finished yet, for the SPI-Team's start page. */
    open: () =>
      db
        .select({ id: cohorts.id, name: cohorts.name })
        .from(cohorts)
        .where(ne(cohorts.status, 'abgeschlossen'))
        .orderBy(asc(cohorts.name)),

    /** Everything the cohort page shows, limited to what this person may see. */
    page: (access: CohortAccess) => cohortPage(db, access, clock.now()),

    /** The municipalities taking part in a cohort, for filters. */
    municipalitiesOf: (cohortId: number) => q.municipalityCounts(db, cohortId),

    municipalityOptions: () =>
      db
        .select({ value: municipalities.id, label: municipalities.name })
        .from(municipalities)
        .orderBy(asc(municipalities.sortName)),
    moduleOptions: () =>
      db
        .select({ value: modules.id, label: modules.title, kind: modules.kind })
        .from(modules)
        .where(isNull(modules.archivedAt))
        .orderBy(asc(modules.position)),

    trainerOptions: () =>
      db
        .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
        .from(users)
        .where(and(eq(users.role, 'trainer'), eq(users.active, true)))
        .orderBy(asc(users.sortName)),

    trainerIdsOf: (offeringId: number) =>
      db
        .select({ id: offeringTrainers.userId })
        .from(offeringTrainers)
        .where(eq(offeringTrainers.offeringId, offeringId))
        .then((r) => r.map((x) => x.id)),
    sessionsOfPerson: (person: { id: number; role: string }) => q.sessionsOfPerson(db, person),
    sessionDetails: (id: number) => q.sessionDetails(db, id),
  };
}

/**
 * Everything the cohort page shows, limited to what this person may see: the same for everyone who sees the cohort the
 * same way, so kept until a statement changes what it reads (every table here is under the completion version, the
 * names under the people version) or the minute ends (which sessions are past).
 */
const cohortPage = versionedCache(
  ['completion', 'people'],
  (access: CohortAccess, now: Date) =>
    [
      access.cohort.id,
      access.as,
      access.as === 'coordinate' ? access.municipalityId : access.as === 'attend' ? access.enrolment.id : '',
      minuteOf(now),
    ].join('|'),
  async (db: Db, access: CohortAccess, now: Date) => {
    const id = access.cohort.id;
    const [municipalityRows, sectors, offeringRows, trainers, sessions] = await Promise.all([
      q.municipalityCounts(db, id),
      q.sectorCounts(db, id),
      q.offeringsOf(db, id),
      q.trainersOf(db, id),
      q.sessionsOfCohort(db, id),
    ]);
    // Trainers and the SPI-Team see which past sessions still lack attendance.
    const recording = canSeeRecordingState(access) ? await recordingState(db, id, now) : [];
    const participants =
      access.as === 'manage'
        ? await q.participantsOf(db, id)
        : access.as === 'coordinate'
          ? await q.participantsOf(db, id, { municipalityId: access.municipalityId })
          : access.as === 'teach'
            ? await q.participantsOf(db, id, { seatHoldersOnly: true })
            : [];
    const tasks = await db
      .select({
        id: assignments.id,
        offeringId: assignments.offeringId,
        title: assignments.title,
        dueAt: assignments.dueAt,
        required: assignments.required,
        ownState: submissions.state,
      })
      .from(assignments)
      .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
      .leftJoin(
        submissions,
        and(
          eq(submissions.assignmentId, assignments.id),
          eq(submissions.userId, access.as === 'attend' ? access.enrolment.userId : -1),
        ),
      )
      .where(eq(offerings.cohortId, id))
      .orderBy(asc(assignments.dueAt));
    // For a trainee: sessions that began before they held a seat never count for or against them.
    const seatSince = access.as === 'attend' ? access.enrolment.seatSince : null;
    const schedule = offeringRows.map((o) => ({
      ...o,
      trainers: trainers.filter((tr) => tr.offeringId === o.id),
      assignments: tasks.filter((a) => a.offeringId === o.id),
      sessions: sessions
        .filter((s) => s.offeringId === o.id)
        .map((s) => {
          const rec = recording.find((r) => r.sessionId === s.id);
          return {
            ...s,
            past: berlinInstant(s.date, s.endTime) < now,
            started: berlinInstant(s.date, s.startTime) <= now,
            missing: rec?.missing ?? 0,
            beforeSeat: !!seatSince && berlinInstant(s.date, s.startTime) < seatSince,
          };
        }),
    }));
    return { municipalityRows, sectors, schedule, sessions, participants };
  },
  100,
);
