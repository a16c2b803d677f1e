import { and, count, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { municipalities } from '../municipalities/table';
import { enrolments } from '../enrolment/table';
import { lockCohort } from './queries';
import type { QuotaInput } from './schemas';
import { cohortMunicipalities } from './table';
import type { CohortContext } from './context';

/** Which municipalities take part in a cohort, with how many seats each. */
export function participation(ctx: CohortContext) {
  const { deps, db, clock, managed } = ctx;
  return {
    /** Adds a municipality to the cohort or changes its quota; a larger quota may move its waiting people up. */
    async setQuota(actor: SessionUser, cohortId: number, input: QuotaInput): Promise<{ name: string }> {
      await managed(actor, cohortId);
      const [m] = await db.select().from(municipalities).where(eq(municipalities.id, input.municipalityId));
      if (!m) throw FormError.field('municipalityId', t('messages.municipalityGone'));
      const { cohort, promoted } = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, cohortId);
        if (input.quota > cohort.seats)
          throw FormError.field(
            'quota',
            t('cohorts.msg.quotaAboveSeats', { seats: cohort.seats, count: cohort.seats }),
          );
        const others = await tx
          .select({ quota: cohortMunicipalities.quota, municipalityId: cohortMunicipalities.municipalityId })
          .from(cohortMunicipalities)
          .where(eq(cohortMunicipalities.cohortId, cohortId));
        const sum = others.filter((o) => o.municipalityId !== m.id).reduce((a, o) => a + o.quota, 0) + input.quota;
        if (sum > cohort.seats && !input.overbook)
          throw FormError.field('overbook', t('cohorts.msg.quotaSumAboveSeats', { sum, seats: cohort.seats }));
        await tx
          .insert(cohortMunicipalities)
          .values({ cohortId, municipalityId: m.id, quota: input.quota })
          .onConflictDoUpdate({
            target: [cohortMunicipalities.cohortId, cohortMunicipalities.municipalityId],
            set: { quota: input.quota },
          });
        const promoted = await deps.seats.promote(tx, cohort, clock.now());
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'cohort.quota_set',
          subjectType: 'cohort',
          subjectId: cohortId,
          details: { municipality: m.name, quota: input.quota, overbooked: sum > cohort.seats },
        });
        return { cohort, promoted };
      });
      if (promoted.length > 0) await deps.seats.onPromoted(actor, cohort, promoted);
      return { name: m.name };
    },

    /** A municipality leaves the cohort only while nobody of it is enrolled: enrolments are history, not clutter. */
    async removeMunicipality(actor: SessionUser, cohortId: number, municipalityId: number): Promise<{ name: string }> {
      await managed(actor, cohortId);
      const [m] = await db.select().from(municipalities).where(eq(municipalities.id, municipalityId));
      if (!m) throw new NotFound();
      await db.transaction(async (tx) => {
        await lockCohort(tx, cohortId);
        const [used] = await tx
          .select({ n: count() })
          .from(enrolments)
          .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.municipalityId, municipalityId)));
        if (used!.n > 0) throw new Conflict(t('cohorts.msg.municipalityHasEnrolments', { name: m.name }));
        await tx
          .delete(cohortMunicipalities)
          .where(
            and(eq(cohortMunicipalities.cohortId, cohortId), eq(cohortMunicipalities.municipalityId, municipalityId)),
          );
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'cohort.municipality_removed',
          subjectType: 'cohort',
          subjectId: cohortId,
          details: { municipality: m.name },
        });
      });
      return { name: m.name };
    },
  };
}
