import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { municipalities } from '../municipalities/table';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers, scheduleSessions, type Cohort } from './table';

const seatHolding = sql.raw(`('${SEAT_HOLDING.join("','")}')`);

/** The cohorts a person may see, with seats taken and the length of the waiting list, in one query. */
export function listCohorts(db: Db, actor: SessionUser) {
  let scope: SQL | undefined;
  if (actor.role === 'coordinator') {
    scope = sql`${cohorts.id} in (select cohort_id from cohort_municipalities where municipality_id = ${actor.municipalityId ?? -1})`;
  } else if (actor.role === 'trainer') {
    scope = sql`${cohorts.id} in (select o.cohort_id from offerings o join offering_trainers ot on ot.offering_id = o.id where ot.user_id = ${actor.id})`;
  } else if (actor.role === 'trainee') {
    scope = sql`${cohorts.id} in (select cohort_id from enrolments where user_id = ${actor.id})`;
  }
  // Drizzle writes a column of a single-table query without its table ("id"), which inside these subqueries would
  // mean the subquery's own id: name the outer column explicitly.
  const cohortId = sql.raw('"cohorts"."id"');
  return db
    .select({
      cohort: cohorts,
      held: sql<number>`(select count(*)::int from enrolments e where e.cohort_id = ${cohortId} and e.status in ${seatHolding})`,
      waiting: sql<number>`(select count(*)::int from enrolments e where e.cohort_id = ${cohortId} and e.status = 'warteliste')`,
      ownStatus: sql<
        string | null
      >`(select e.status from enrolments e where e.cohort_id = ${cohortId} and e.user_id = ${actor.id})`,
      municipalityNames: sql<string>`(select coalesce(string_agg(m.name, ', ' order by m.name), '') from cohort_municipalities cm join municipalities m on m.id = cm.municipality_id where cm.cohort_id = ${cohortId})`,
    })
    .from(cohorts)
    .where(scope)
    .orderBy(desc(cohorts.startsOn), asc(cohorts.name));
}

/** Per municipality of the cohort: quota, seats taken, waiting. */
export function municipalityCounts(db: Db, cohortId: number) {
  return db
    .select({
      id: municipalities.id,
      name: municipalities.name,
      quota: cohortMunicipalities.quota,
      held: sql<number>`count(${enrolments.id}) filter (where ${enrolments.status} in ${seatHolding})::int`,
      confirmed: sql<number>`count(${enrolments.id}) filter (where ${enrolments.status} = 'bestaetigt')::int`,
      waiting: sql<number>`count(${enrolments.id}) filter (where ${enrolments.status} = 'warteliste')::int`,
    })
    .from(cohortMunicipalities)
    .innerJoin(municipalities, eq(municipalities.id, cohortMunicipalities.municipalityId))
    .leftJoin(
      enrolments,
      and(
        eq(enrolments.cohortId, cohortMunicipalities.cohortId),
        eq(enrolments.municipalityId, cohortMunicipalities.municipalityId),
      ),
    )
    .where(eq(cohortMunicipalities.cohortId, cohortId))
    .groupBy(municipalities.id, municipalities.name, cohortMunicipalities.quota)
    .orderBy(asc(municipalities.sortName));
}

/** Participants holding a seat, by sector. */
export function sectorCounts(db: Db, cohortId: number) {
  return db
    .select({ sector: users.sector, count: sql<number>`count(*)::int` })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), inArray(enrolments.status, SEAT_HOLDING)))
    .groupBy(users.sector);
}

export function offeringsOf(db: Db, cohortId: number) {
  return db
    .select({
      id: offerings.id,
      position: offerings.position,
      moduleId: modules.id,
      slug: modules.slug,
      title: modules.title,
      kind: modules.kind,
      ue: modules.ue,
      number: modules.number,
    })
    .from(offerings)
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .where(eq(offerings.cohortId, cohortId))
    .orderBy(asc(offerings.position), asc(modules.position));
}

export function trainersOf(db: Db, cohortId: number) {
  return db
    .select({
      offeringId: offeringTrainers.offeringId,
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
    })
    .from(offeringTrainers)
    .innerJoin(offerings, eq(offerings.id, offeringTrainers.offeringId))
    .innerJoin(users, eq(users.id, offeringTrainers.userId))
    .where(eq(offerings.cohortId, cohortId))
    .orderBy(asc(users.sortName));
}

export function sessionsOfCohort(db: Db, cohortId: number) {
  return db
    .select({ session: scheduleSessions })
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .where(eq(offerings.cohortId, cohortId))
    .orderBy(asc(scheduleSessions.date), asc(scheduleSessions.startTime), asc(scheduleSessions.id))
    .then((rows) => rows.map((r) => r.session));
}

/** Enrolments with the person and their municipality; a coordinator's view is limited to their municipality. */
export function participantsOf(
  db: Db,
  cohortId: number,
  opts: { municipalityId?: number; seatHoldersOnly?: boolean } = {},
) {
  const where = [eq(enrolments.cohortId, cohortId)];
  if (opts.municipalityId !== undefined) where.push(eq(enrolments.municipalityId, opts.municipalityId));
  if (opts.seatHoldersOnly) where.push(inArray(enrolments.status, SEAT_HOLDING));
  return db
    .select({
      enrolment: enrolments,
      person: {
        id: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        organisation: users.organisation,
        jobTitle: users.jobTitle,
        sector: users.sector,
      },
      municipality: municipalities.name,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(municipalities, eq(municipalities.id, enrolments.municipalityId))
    .where(and(...where))
    .orderBy(asc(municipalities.sortName), asc(users.sortName), asc(users.id));
}

/** A session with its module, cohort and trainers (in name order), as calendars and schedules show it. */
const sessionColumns = (seatSince: SQL<Date | null>) => ({
  session: scheduleSessions,
  moduleTitle: modules.title,
  moduleKind: modules.kind,
  cohortId: cohorts.id,
  cohortName: cohorts.name,
  // a subquery's timestamp arrives as text from node-postgres and PGlite alike: make it a Date here, once
  seatSince: seatSince.mapWith((v: unknown) => (v === null || v === undefined ? null : new Date(v as string))),
  trainers: sql<string>`(select coalesce(string_agg(u.first_name || ' ' || u.last_name, ', ' order by u.sort_name), '') from offering_trainers ot join users u on u.id = ot.user_id where ot.offering_id = ${offerings.id})`,
});

/** The sessions a person takes part in (trainee: cohorts where they hold a seat) or teaches (trainer). */
export function sessionsOfPerson(db: Db, person: { id: number; role: string }) {
  const mine =
    person.role === 'trainer'
      ? sql`${offerings.id} in (select offering_id from offering_trainers where user_id = ${person.id})`
      : sql`${offerings.cohortId} in (select cohort_id from enrolments where user_id = ${person.id} and status in ${seatHolding})`;
  return db
    .select(
      sessionColumns(
        sql<Date | null>`(select e.seat_since from enrolments e where e.cohort_id = ${cohorts.id} and e.user_id = ${person.id})`,
      ),
    )
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .where(mine)
    .orderBy(asc(scheduleSessions.date), asc(scheduleSessions.startTime), asc(scheduleSessions.id));
}
export type PersonSession = Awaited<ReturnType<typeof sessionsOfPerson>>[number];

/** One session with what a calendar entry needs. */
export function sessionDetails(db: Db, sessionId: number) {
  return db
    .select(sessionColumns(sql<Date | null>`null`))
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .where(eq(scheduleSessions.id, sessionId))
    .then((rows) => rows[0]);
}

/**
 * Seats are decided inside one transaction that first locks the cohort row (SELECT … FOR UPDATE). Two coordinators
 * nominating for the last seat at the same moment are thereby serialised: the second one counts the first one's seat.
 */
export async function lockCohort(tx: Db, cohortId: number): Promise<Cohort> {
  const [cohort] = await tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).for('update');
  if (!cohort) throw new NotFound();
  return cohort;
}
