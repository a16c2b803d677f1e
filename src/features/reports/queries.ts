import { and, asc, eq, gte, inArray, isNotNull, lte, sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { users } from '../accounts/table';
import { course, modules } from '../catalogue/table';
import { municipalities } from '../municipalities/table';
import { enrolments } from '../enrolment/table';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers, scheduleSessions } from '../cohorts/table';
import { attendance } from '../attendance/table';
import { countsFor, sessionStart } from '../attendance/queries';
import { certificates } from '../certificates/table';
import { assignments, submissions } from '../assignments/table';

/**
 * The report's reach, already narrowed to what the actor may see: the cohorts in the period, the municipalities whose
 * people count (undefined: all of them) and the offerings (undefined: all of the cohorts').
 */
export type Reach = { cohortIds: number[]; municipalityIds?: number[]; offeringIds?: number[] };

const none = sql`false`;
const inMunicipalities = (r: Reach) =>
  r.municipalityIds
    ? r.municipalityIds.length
      ? inArray(enrolments.municipalityId, r.municipalityIds)
      : none
    : undefined;
const inOfferings = (r: Reach) =>
  r.offeringIds ? (r.offeringIds.length ? inArray(offerings.id, r.offeringIds) : none) : undefined;
const inCohorts = (r: Reach, column: Column = enrolments.cohortId) =>
  r.cohortIds.length ? inArray(column, r.cohortIds) : none;

/**
 * Cohorts that run at some point of the period, optionally only the chosen ones, those with one of the chosen
 * municipalities, and those the scope reaches (a coordinator's municipality takes part; a trainer teaches in them).
 */
export function cohortsInPeriod(
  db: Db,
  o: { from: string; to: string; cohortIds?: number[]; municipalityIds?: number[]; trainerId?: number },
) {
  const where: SQL[] = [lte(cohorts.startsOn, o.to), gte(cohorts.endsOn, o.from)];
  if (o.cohortIds?.length) where.push(inArray(cohorts.id, o.cohortIds));
  const cohortId = sql.raw('"cohorts"."id"');
  if (o.municipalityIds?.length)
    where.push(
      sql`exists (select 1 from ${cohortMunicipalities} cm where cm.cohort_id = ${cohortId} and cm.municipality_id in (${sql.join(
        o.municipalityIds.map((id) => sql`${id}`),
        sql`, `,
      )}))`,
    );
  if (o.trainerId !== undefined)
    where.push(
      sql`exists (select 1 from ${offerings} o join ${offeringTrainers} ot on ot.offering_id = o.id where o.cohort_id = ${cohortId} and ot.user_id = ${o.trainerId})`,
    );
  return db
    .select({
      id: cohorts.id,
      name: cohorts.name,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      status: cohorts.status,
    })
    .from(cohorts)
    .where(and(...where))
    .orderBy(asc(cohorts.startsOn), asc(cohorts.name));
}

/** The offerings a trainer teaches in the given cohorts. */
export async function taughtOfferings(db: Db, trainerId: number, cohortIds: number[]): Promise<number[]> {
  if (!cohortIds.length) return [];
  const rows = await db
    .select({ id: offerings.id })
    .from(offerings)
    .innerJoin(offeringTrainers, eq(offeringTrainers.offeringId, offerings.id))
    .where(and(eq(offeringTrainers.userId, trainerId), inArray(offerings.cohortId, cohortIds)));
  return rows.map((r) => r.id);
}

/** Enrolments by municipality, sector and status: every nomination is one row, whatever happened to it since. */
export function enrolmentCounts(db: Db, r: Reach) {
  return db
    .select({
      municipalityId: enrolments.municipalityId,
      sector: users.sector,
      status: enrolments.status,
      n: sql<number>`count(*)::int`,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(inCohorts(r), inMunicipalities(r)))
    .groupBy(enrolments.municipalityId, users.sector, enrolments.status);
}

/** Enrolments by the person's voluntary age band (null: keine Angabe) and status. */
export function enrolmentsByAgeBand(db: Db, r: Reach) {
  return db
    .select({ ageBand: users.ageBand, status: enrolments.status, n: sql<number>`count(*)::int` })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(inCohorts(r), inMunicipalities(r)))
    .groupBy(users.ageBand, enrolments.status);
}

/** Whether content/course.md switched on a voluntary statistic. */
export async function optionalStatistics(db: Db) {
  const [row] = await db.select({ on: course.optionalStatistics }).from(course);
  return row?.on ?? [];
}

/** Withdrawals by reason as typed, grouped regardless of case and surrounding blanks. */
export function withdrawalReasons(db: Db, r: Reach) {
  const key = sql`lower(btrim(${enrolments.reason}))`;
  return db
    .select({ reason: sql<string>`min(btrim(${enrolments.reason}))`, n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(and(inCohorts(r), inMunicipalities(r), eq(enrolments.status, 'abgemeldet')))
    .groupBy(key)
    .orderBy(sql`count(*) desc`, key);
}

/** Valid certificates (Zertifikate and Teilnahmebescheinigungen) of people enrolled through the reach, by where they count. */
export function validCertificates(db: Db, r: Reach) {
  return db
    .select({
      municipalityId: enrolments.municipalityId,
      sector: users.sector,
      kind: certificates.kind,
      n: sql<number>`count(*)::int`,
    })
    .from(certificates)
    .innerJoin(
      enrolments,
      and(eq(enrolments.cohortId, certificates.cohortId), eq(enrolments.userId, certificates.userId)),
    )
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(and(inCohorts(r), inMunicipalities(r), eq(certificates.state, 'gueltig')))
    .groupBy(enrolments.municipalityId, users.sector, certificates.kind);
}

/** Register events within the period: issued (first issue or correction), corrected (replaced), revoked. */
export async function certificateEvents(db: Db, r: Reach, period: { fromAt: Date; toAt: Date }) {
  const from = sql`${period.fromAt.toISOString()}::timestamptz`;
  const to = sql`${period.toAt.toISOString()}::timestamptz`;
  const [row] = await db
    .select({
      issued: sql<number>`(count(*) filter (where ${certificates.issuedAt} >= ${from} and ${certificates.issuedAt} < ${to} and ${certificates.replacesId} is null))::int`,
      corrected: sql<number>`(count(*) filter (where ${certificates.issuedAt} >= ${from} and ${certificates.issuedAt} < ${to} and ${certificates.replacesId} is not null))::int`,
      revoked: sql<number>`(count(*) filter (where ${certificates.revokedAt} >= ${from} and ${certificates.revokedAt} < ${to}))::int`,
      zertifikate: sql<number>`(count(*) filter (where ${certificates.kind} = 'zertifikat' and ${certificates.issuedAt} >= ${from} and ${certificates.issuedAt} < ${to} and ${certificates.replacesId} is null))::int`,
    })
    .from(certificates)
    .innerJoin(
      enrolments,
      and(eq(enrolments.cohortId, certificates.cohortId), eq(enrolments.userId, certificates.userId)),
    )
    .where(and(inCohorts(r), inMunicipalities(r)));
  return row ?? { issued: 0, corrected: 0, revoked: 0, zertifikate: 0 };
}

const sessionInPeriod = (from: string, to: string) =>
  and(gte(scheduleSessions.date, from), lte(scheduleSessions.date, to));
const heldBy = (now: Date) => sql`${sessionStart} <= ${now.toISOString()}::timestamptz`;
const duration = sql`(extract(epoch from (${scheduleSessions.endTime} - ${scheduleSessions.startTime})) / 60)`;
/** UE attended at a session, as the ledger counts them (platform's ueOf): all when present, the share of minutes when partly. */
const ueAttended = sql`case ${attendance.status} when 'anwesend' then ${scheduleSessions.ue} when 'teilweise' then ${scheduleSessions.ue} * least(${attendance.minutes}, ${duration}) / ${duration} else 0 end`;

/** Sessions of the reach within the period, by the session's kind: planned and held, with their UE. */
export function sessionsByKind(db: Db, r: Reach, p: { from: string; to: string; now: Date }) {
  return db
    .select({
      kind: scheduleSessions.kind,
      planned: sql<number>`count(*)::int`,
      held: sql<number>`(count(*) filter (where ${heldBy(p.now)}))::int`,
      uePlanned: sql<number>`coalesce(sum(${scheduleSessions.ue}), 0)::int`,
      ueHeld: sql<number>`coalesce(sum(${scheduleSessions.ue}) filter (where ${heldBy(p.now)}), 0)::int`,
    })
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .where(and(inCohorts(r, offerings.cohortId), inOfferings(r), sessionInPeriod(p.from, p.to)))
    .groupBy(scheduleSessions.kind);
}

/**
 * Every held session of the period with each person it counts for (the ledger's rule: a seat when it began, not left
 * before), and that person's mark if any. The base of all attendance figures.
 */
function personSessions(
  db: Db,
  r: Reach,
  p: { from: string; to: string; now: Date },
  fields: Record<string, SQL | SQL.Aliased>,
) {
  return db
    .select(fields as Record<string, SQL<number>>)
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .innerJoin(enrolments, and(eq(enrolments.cohortId, offerings.cohortId), countsFor(sessionStart)))
    .leftJoin(attendance, and(eq(attendance.sessionId, scheduleSessions.id), eq(attendance.userId, enrolments.userId)))
    .where(
      and(
        inCohorts(r, offerings.cohortId),
        inOfferings(r),
        inMunicipalities(r),
        sessionInPeriod(p.from, p.to),
        heldBy(p.now),
      ),
    );
}

const attendanceFigures = {
  people: sql<number>`count(distinct ${enrolments.id})::int`,
  expected: sql<number>`count(*)::int`,
  recorded: sql<number>`count(${attendance.userId})::int`,
  ueRecorded: sql<number>`coalesce(sum(${scheduleSessions.ue}) filter (where ${attendance.userId} is not null), 0)::float8`,
  ueAttended: sql<number>`coalesce(sum(${ueAttended}), 0)::float8`,
};

/** Attendance by catalogue module (all cohorts' offerings of it together). */
export function attendanceByModule(db: Db, r: Reach, p: { from: string; to: string; now: Date }) {
  return personSessions(db, r, p, {
    moduleId: sql`${modules.id}`,
    title: sql`${modules.title}`,
    position: sql`${modules.position}`,
    ...attendanceFigures,
  })
    .groupBy(modules.id)
    .orderBy(asc(modules.position)) as unknown as Promise<
    Array<{ moduleId: number; title: string; position: number } & Record<keyof typeof attendanceFigures, number>>
  >;
}

/** Attendance by the municipality the participation counts for. */
export function attendanceByMunicipality(db: Db, r: Reach, p: { from: string; to: string; now: Date }) {
  return personSessions(db, r, p, { municipalityId: sql`${enrolments.municipalityId}`, ...attendanceFigures }).groupBy(
    enrolments.municipalityId,
  ) as unknown as Promise<Array<{ municipalityId: number } & Record<keyof typeof attendanceFigures, number>>>;
}

/** Attendance by the kind of the session (Präsenz / online). */
export function attendanceByKind(db: Db, r: Reach, p: { from: string; to: string; now: Date }) {
  return personSessions(db, r, p, { kind: sql`${scheduleSessions.kind}`, ...attendanceFigures }).groupBy(
    scheduleSessions.kind,
  ) as unknown as Promise<Array<{ kind: 'praesenz' | 'online' } & Record<keyof typeof attendanceFigures, number>>>;
}

/**
 * UE attended per participation (person in a cohort) over the period: mean and median per municipality and for all,
 * in one statement (grouping sets; municipalityId null is the total).
 */
export async function uePerPerson(db: Db, r: Reach, p: { from: string; to: string; now: Date }) {
  const perPerson = personSessions(db, r, p, {
    enrolmentId: sql`${enrolments.id}`.as('enrolment_id'),
    municipalityId: sql`${enrolments.municipalityId}`.as('municipality_id'),
    ue: sql`coalesce(sum(${ueAttended}), 0)::float8`.as('ue'),
  })
    .groupBy(enrolments.id)
    .as('per_person');
  const rows = await db
    .select({
      municipalityId: sql<number | null>`${perPerson.municipalityId}`,
      total: sql<boolean>`grouping(${perPerson.municipalityId}) = 1`,
      people: sql<number>`count(*)::int`,
      mean: sql<number>`avg(${perPerson.ue})::float8`,
      median: sql<number>`(percentile_cont(0.5) within group (order by ${perPerson.ue}))::float8`,
    })
    .from(perPerson)
    .groupBy(sql`grouping sets ((${perPerson.municipalityId}), ())`);
  return rows;
}

/** Held sessions of the period where someone it counts for has no mark yet. */
export async function unrecordedSessions(db: Db, r: Reach, p: { from: string; to: string; now: Date }) {
  const rows = await personSessions(db, r, p, {
    sessionId: sql`${scheduleSessions.id}`,
    kind: sql`${scheduleSessions.kind}`,
    missing: sql<number>`count(*) filter (where ${attendance.userId} is null)`,
  })
    .groupBy(scheduleSessions.id)
    .having(sql`count(*) filter (where ${attendance.userId} is null) > 0`);
  return rows as unknown as Array<{ sessionId: number; kind: 'praesenz' | 'online' }>;
}

/** Passed hand-ins of the reach's people, by catalogue module. */
export function assignmentsPassed(db: Db, r: Reach) {
  return db
    .select({ moduleId: offerings.moduleId, n: sql<number>`count(*)::int` })
    .from(submissions)
    .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
    .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
    .innerJoin(enrolments, and(eq(enrolments.cohortId, offerings.cohortId), eq(enrolments.userId, submissions.userId)))
    .where(
      and(inCohorts(r, offerings.cohortId), inOfferings(r), inMunicipalities(r), eq(submissions.state, 'bestanden')),
    )
    .groupBy(offerings.moduleId);
}

/** Names of municipalities and catalogue modules for labels, in German dictionary order. */
export function municipalityNames(db: Db) {
  return db
    .select({ id: municipalities.id, name: municipalities.name })
    .from(municipalities)
    .orderBy(asc(municipalities.sortName));
}
export function moduleList(db: Db) {
  return db
    .select({ id: modules.id, title: modules.title, kind: modules.kind, position: modules.position })
    .from(modules)
    .where(isNotNull(modules.id))
    .orderBy(asc(modules.position));
}
