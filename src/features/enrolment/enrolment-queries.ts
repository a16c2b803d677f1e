import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import { cohorts } from '../cohorts/table';
import { canManageCohort, type CohortAccess } from '../cohorts/access';
import { participantsOf } from '../cohorts/queries';
import { enrolments } from './table';
import type { EnrolmentFilterInput } from './schemas';
import type { EnrolmentContext } from './context';

/** The read side: a person's enrolments, decisions waiting, the overview and the participant exports. */
export function enrolmentQueries(ctx: EnrolmentContext) {
  const { db } = ctx;
  return {
    /** A person's enrolments across cohorts, newest cohort first (the person page). */
    ofPerson: (userId: number) =>
      db
        .select({ enrolment: enrolments, cohort: { id: cohorts.id, name: cohorts.name, status: cohorts.status } })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(enrolments.userId, userId))
        .orderBy(desc(cohorts.startsOn)),

    /** Nominations waiting for the SPI-Team's decision, per cohort. */
    waitingDecisions: () =>
      db
        .select({ cohortId: cohorts.id, cohortName: cohorts.name, n: sql<number>`count(*)::int` })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(enrolments.status, 'nominiert'))
        .groupBy(cohorts.id, cohorts.name)
        .orderBy(asc(cohorts.name)),

    /** A coordinator's people across cohorts (SPI-Team: everyone), with their enrolment status. */
    async overview(actor: SessionUser, filter: EnrolmentFilterInput) {
      const where = [eq(users.role, 'trainee')];
      if (actor.role === 'coordinator') where.push(eq(users.municipalityId, actor.municipalityId ?? -1));
      if (filter.cohort !== null) where.push(eq(enrolments.cohortId, filter.cohort));
      if (filter.status === 'keine') where.push(sql`${enrolments.id} is null`);
      else if (filter.status !== null) where.push(eq(enrolments.status, filter.status));
      return db
        .select({
          person: {
            id: users.id,
            firstName: users.firstName,
            lastName: users.lastName,
            organisation: users.organisation,
            sector: users.sector,
            active: users.active,
          },
          municipality: municipalities.name,
          enrolment: {
            id: enrolments.id,
            status: enrolments.status,
            reason: enrolments.reason,
            nominatedAt: enrolments.nominatedAt,
            municipalityId: enrolments.municipalityId,
          },
          cohort: { id: cohorts.id, name: cohorts.name },
        })
        .from(users)
        .innerJoin(municipalities, eq(municipalities.id, users.municipalityId))
        .leftJoin(enrolments, eq(enrolments.userId, users.id))
        .leftJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(and(...where))
        .orderBy(asc(users.sortName), desc(cohorts.startsOn))
        .limit(2000);
    },

    /** Participants as rows for CSV/XLSX: the SPI-Team gets everyone, a coordinator their municipality. */
    async exportRows(access: CohortAccess): Promise<{ header: string[]; rows: string[][] }> {
      if (!canManageCohort(access) && access.as !== 'coordinate') throw new NotFound(); // participant lists: SPI-Team, and coordinators for their people
      const list = await participantsOf(
        db,
        access.cohort.id,
        access.as === 'coordinate' ? { municipalityId: access.municipalityId } : {},
      );
      const header = [
        'Nachname',
        'Vorname',
        'E-Mail',
        'Kommune',
        'Organisation',
        'Funktion',
        'Sektor',
        'Status',
        'Grund',
      ];
      const rows = list.map((p) => [
        p.person.lastName,
        p.person.firstName,
        p.person.email,
        p.municipality,
        p.person.organisation,
        p.person.jobTitle,
        p.person.sector ? t(`sectors.${p.person.sector}`) : '',
        t(`enrolment.status.${p.enrolment.status}`),
        p.enrolment.reason,
      ]);
      return { header, rows };
    },
  };
}
