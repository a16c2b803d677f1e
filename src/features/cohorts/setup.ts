import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { FormError, uniqueViolationToFormError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import type { Promotion } from '../enrolment/service';
import { lockCohort } from './queries';
import * as q from './queries';
import type { CohortInput } from './schemas';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers, scheduleSessions, type Cohort } from './table';
import type { CohortContext } from './context';

/** A cohort itself: created, changed (seats move people up), or copied from another. */
export function setup(ctx: CohortContext) {
  const { deps, db, clock, managed } = ctx;
  return {
    async create(actor: SessionUser, input: CohortInput): Promise<Cohort> {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.insert(cohorts).values(input).returning();
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'cohort.created',
            subjectType: 'cohort',
            subjectId: row!.id,
            details: input,
          });
          return row!;
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'cohorts_name_key', 'name', t('cohorts.msg.nameTaken'));
      }
    },

    /** More seats may move people up from the waiting list; fewer seats never push anyone out. */
    async update(actor: SessionUser, id: number, input: CohortInput): Promise<Cohort> {
      await managed(actor, id);
      let promoted: Promotion[] = [];
      let updated: Cohort;
      try {
        updated = await db.transaction(async (tx) => {
          await lockCohort(tx, id);
          const [row] = await tx
            .update(cohorts)
            .set({ ...input, updatedAt: clock.now() })
            .where(eq(cohorts.id, id))
            .returning();
          const [largest] = await tx
            .select({ name: municipalities.name, quota: cohortMunicipalities.quota })
            .from(cohortMunicipalities)
            .innerJoin(municipalities, eq(municipalities.id, cohortMunicipalities.municipalityId))
            .where(eq(cohortMunicipalities.cohortId, id))
            .orderBy(desc(cohortMunicipalities.quota))
            .limit(1);
          if (largest && largest.quota > input.seats)
            throw FormError.field('seats', t('cohorts.msg.seatsBelowQuota', largest));
          const sessions = await q.sessionsOfCohort(tx, id);
          if (sessions.some((s) => s.date < input.startsOn || s.date > input.endsOn))
            throw FormError.field('startsOn', t('cohorts.msg.periodExcludesSessions'));
          promoted = await deps.seats.promote(tx, row!, clock.now());
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'cohort.updated',
            subjectType: 'cohort',
            subjectId: id,
            details: input,
          });
          return row!;
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'cohorts_name_key', 'name', t('cohorts.msg.nameTaken'));
      }
      if (promoted.length > 0) await deps.seats.onPromoted(actor, updated, promoted);
      return updated;
    },

    /**
     * A new cohort like this one: its modules with their trainers and its sessions, moved by whole weeks so that a
     * Tuesday stays a Tuesday (the first session lands in the week of the new start). Municipalities and people are
     * not copied: every cohort gathers its own.
     */
    async copy(actor: SessionUser, cohortId: number, input: { name: string; startsOn: string }): Promise<Cohort> {
      const source = await managed(actor, cohortId);
      const days = (a: string, b: string) =>
        Math.round(
          (Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10)) -
            Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))) /
            86_400_000,
        );
      const shift = Math.round(days(source.startsOn, input.startsOn) / 7) * 7;
      const moved = (d: string) =>
        new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10) + shift)).toISOString().slice(0, 10);
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(cohorts)
            .values({
              name: input.name,
              startsOn: moved(source.startsOn),
              endsOn: moved(source.endsOn),
              status: 'geplant',
              seats: source.seats,
            })
            .returning();
          const sourceOfferings = await tx.select().from(offerings).where(eq(offerings.cohortId, cohortId));
          for (const o of sourceOfferings) {
            const [copy] = await tx
              .insert(offerings)
              .values({ cohortId: row!.id, moduleId: o.moduleId, position: o.position })
              .returning({ id: offerings.id });
            const trainers = await tx
              .select({ userId: offeringTrainers.userId })
              .from(offeringTrainers)
              .innerJoin(users, eq(users.id, offeringTrainers.userId))
              .where(and(eq(offeringTrainers.offeringId, o.id), eq(users.active, true)));
            if (trainers.length)
              await tx
                .insert(offeringTrainers)
                .values(trainers.map((x) => ({ offeringId: copy!.id, userId: x.userId })));
            const sessions = await tx.select().from(scheduleSessions).where(eq(scheduleSessions.offeringId, o.id));
            if (sessions.length) {
              await tx.insert(scheduleSessions).values(
                sessions.map((x) => ({
                  offeringId: copy!.id,
                  date: moved(x.date),
                  startTime: x.startTime,
                  endTime: x.endTime,
                  kind: x.kind,
                  location: x.location,
                  videoUrl: '',
                  ue: x.ue,
                })),
              );
            }
          }
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'cohort.copied',
            subjectType: 'cohort',
            subjectId: row!.id,
            details: { from: source.name, shiftDays: shift },
          });
          return row!;
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'cohorts_name_key', 'name', t('cohorts.msg.nameTaken'));
      }
    },
  };
}
