import { and, asc, eq, sql } from 'drizzle-orm';
import { FormError, NotFound, pgError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users, type User } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import { cohortMunicipalities, type Cohort } from '../cohorts/table';
import { type CohortAccess } from '../cohorts/access';
import { type EnrolmentStatus } from './table';
import { lockCohort, seatCounts } from './seats';
import { enrolmentMails } from './mails';
import type { NominateNewInput } from './schemas';
import { fullName } from '../../platform/names';
import type { EnrolmentContext } from './context';

/** Nominating people into a cohort: existing trainees, new ones (created with their invitation). */
export function nominations(ctx: EnrolmentContext) {
  const { deps, cohortLink, send, nominationScope, place, db, clock } = ctx;

  async function checkPerson(cohortId: number, municipalityId: number | null, userId: number): Promise<User> {
    const [person] = await db.select().from(users).where(eq(users.id, userId));
    // People outside the coordinator's municipality do not exist for them.
    if (!person || (municipalityId !== null && person.municipalityId !== municipalityId)) throw new NotFound();
    if (person.role !== 'trainee' || !person.active) throw FormError.field('userId', t('enrolment.msg.notNominable'));
    const [part] = await db
      .select({ quota: cohortMunicipalities.quota })
      .from(cohortMunicipalities)
      .where(
        and(
          eq(cohortMunicipalities.cohortId, cohortId),
          eq(cohortMunicipalities.municipalityId, person.municipalityId!),
        ),
      );
    if (!part) throw FormError.field('userId', t('enrolment.msg.municipalityNotInCohort'));
    return person;
  }
  return {
    /** What the nomination page shows: who may nominate for which municipality, and the seats as they are. */
    async nominationPage(actor: SessionUser, cohortId: number) {
      const scope = await nominationScope(actor, cohortId);
      return { ...scope, counts: await seatCounts(db, scope.access.cohort) };
    },

    /** Trainees who could be nominated: of the coordinator's municipality (SPI-Team: of all participating ones), not enrolled yet. */
    async candidates(access: CohortAccess) {
      const scope =
        access.as === 'coordinate'
          ? sql`${users.municipalityId} = ${access.municipalityId}`
          : sql`${users.municipalityId} in (select municipality_id from cohort_municipalities where cohort_id = ${access.cohort.id})`;
      return db
        .select({
          id: users.id,
          firstName: users.firstName,
          lastName: users.lastName,
          email: users.email,
          municipality: municipalities.name,
        })
        .from(users)
        .innerJoin(municipalities, eq(municipalities.id, users.municipalityId))
        .where(
          and(
            eq(users.role, 'trainee'),
            eq(users.active, true),
            scope,
            sql`not exists (select 1 from enrolments e where e.user_id = ${users.id} and e.cohort_id = ${access.cohort.id} and e.status in ('nominiert', 'bestaetigt', 'warteliste'))`,
          ),
        )
        .orderBy(asc(users.sortName));
    },

    async nominateExisting(
      actor: SessionUser,
      cohortId: number,
      userId: number,
    ): Promise<{ name: string; status: EnrolmentStatus }> {
      const { municipalityId } = await nominationScope(actor, cohortId);
      const person = await checkPerson(cohortId, municipalityId, userId);
      const { cohort, status } = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, cohortId);
        return { cohort, status: await place(tx, actor, cohort, person, clock.now()) };
      });
      await send([enrolmentMails.nominated(person, cohort.name, status === 'warteliste', cohortLink(cohort.id))]);
      return { name: fullName(person), status };
    },

    /** Creates the person (trainee of the coordinator's municipality), invites them and nominates them, in one transaction. */
    async nominateNew(
      actor: SessionUser,
      cohortId: number,
      input: NominateNewInput,
    ): Promise<{ name: string; status: EnrolmentStatus }> {
      const { municipalityId } = await nominationScope(actor, cohortId);
      if (municipalityId === null) throw new NotFound();
      let result: { cohort: Cohort; status: EnrolmentStatus };
      try {
        result = await db.transaction(async (tx) => {
          const cohort = await lockCohort(tx, cohortId);
          const person = await deps.accounts.createInvited(tx, actor, { ...input, role: 'trainee', municipalityId });
          return { cohort, status: await place(tx, actor, cohort, person, clock.now()) };
        });
      } catch (err) {
        const pg = pgError(err);
        if (pg?.code === '23505' && pg.constraint === 'users_email_key')
          throw FormError.field('email', t('enrolment.msg.emailExists'));
        throw err;
      }
      await send([
        enrolmentMails.nominated(input, result.cohort.name, result.status === 'warteliste', cohortLink(cohortId)),
      ]);
      return { name: fullName(input), status: result.status };
    },
  };
}
