import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { enrolments, type Enrolment } from '../enrolment/table';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers, type Cohort } from './table';

/**
 * How a person relates to a cohort, which decides what they see of it:
 * manage (SPI-Team: everything), coordinate (their municipality's part), teach (trainer of an offering),
 * attend (trainee with an enrolment: their own status, the schedule, the trainers).
 */
export type CohortAccess =
  | { cohort: Cohort; as: 'manage' }
  | { cohort: Cohort; as: 'coordinate'; municipalityId: number }
  | { cohort: Cohort; as: 'teach' }
  | { cohort: Cohort; as: 'attend'; enrolment: Enrolment };

/** The cohort as this person may see it; a cohort outside their reach does not exist for them (404). */
export async function reachCohort(db: Db, actor: SessionUser, cohortId: number): Promise<CohortAccess> {
  if (!Number.isInteger(cohortId) || cohortId <= 0) throw new NotFound();
  const [cohort] = await db.select().from(cohorts).where(eq(cohorts.id, cohortId));
  if (!cohort) throw new NotFound();
  switch (actor.role) {
    case 'admin':
      return { cohort, as: 'manage' };
    case 'coordinator': {
      if (actor.municipalityId === null) break;
      const [part] = await db
        .select({ m: cohortMunicipalities.municipalityId })
        .from(cohortMunicipalities)
        .where(and(eq(cohortMunicipalities.cohortId, cohortId), eq(cohortMunicipalities.municipalityId, actor.municipalityId)));
      if (part) return { cohort, as: 'coordinate', municipalityId: actor.municipalityId };
      break;
    }
    case 'trainer': {
      const [teaches] = await db
        .select({ id: offerings.id })
        .from(offeringTrainers)
        .innerJoin(offerings, eq(offerings.id, offeringTrainers.offeringId))
        .where(and(eq(offerings.cohortId, cohortId), eq(offeringTrainers.userId, actor.id)))
        .limit(1);
      if (teaches) return { cohort, as: 'teach' };
      break;
    }
    case 'trainee': {
      const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, actor.id)));
      if (enrolment) return { cohort, as: 'attend', enrolment };
      break;
    }
  }
  throw new NotFound();
}

/** Only the SPI-Team and the cohort's coordinators see participants' names beyond the trainers' need. */
export const seesParticipants = (a: CohortAccess) => a.as !== 'attend';
