import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound, pgError, uniqueViolationToFormError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { lockCohort } from './queries';
import type { OfferingInput, SessionInput } from './schemas';
import { offerings, offeringTrainers, scheduleSessions, type Cohort, type ScheduleSession } from './table';
import type { CohortContext } from './context';

/** The schedule: the cohort's modules (offerings) with their trainers, and their sessions. */
export function schedule(ctx: CohortContext) {
  const { db, clock, managed, offeringOf, sessionOf } = ctx;

  function checkSessionInPeriod(cohort: Cohort, input: SessionInput) {
    if (input.date < cohort.startsOn || input.date > cohort.endsOn)
      throw FormError.field('date', t('cohorts.msg.dateOutsidePeriod'));
  }

  async function checkTrainers(tx: Db, ids: number[]) {
    if (ids.length === 0) return;
    const found = await tx
      .select({ id: users.id, role: users.role, active: users.active })
      .from(users)
      .where(inArray(users.id, ids));
    const ok = new Set(found.filter((u) => u.role === 'trainer' && u.active).map((u) => u.id));
    if (ids.some((id) => !ok.has(id))) throw FormError.field('trainerIds', t('cohorts.msg.trainerInvalid'));
  }

  return {
    async saveOffering(
      actor: SessionUser,
      cohortId: number,
      offeringId: number | null,
      input: OfferingInput,
    ): Promise<number> {
      await managed(actor, cohortId);
      try {
        return await db.transaction(async (tx) => {
          await checkTrainers(tx, input.trainerIds);
          const [module] = await tx.select({ id: modules.id }).from(modules).where(eq(modules.id, input.moduleId));
          if (!module) throw FormError.field('moduleId', t('cohorts.msg.moduleRequired'));
          let id = offeringId;
          if (id === null) {
            const [row] = await tx
              .insert(offerings)
              .values({ cohortId, moduleId: input.moduleId, position: input.position })
              .returning({ id: offerings.id });
            id = row!.id;
          } else {
            await tx
              .update(offerings)
              .set({ moduleId: input.moduleId, position: input.position })
              .where(eq(offerings.id, id));
            await tx.delete(offeringTrainers).where(eq(offeringTrainers.offeringId, id));
          }
          if (input.trainerIds.length > 0)
            await tx.insert(offeringTrainers).values(input.trainerIds.map((userId) => ({ offeringId: id!, userId })));
          await recordAudit(tx, {
            actorId: actor.id,
            action: offeringId === null ? 'offering.created' : 'offering.updated',
            subjectType: 'cohort',
            subjectId: cohortId,
            details: { offeringId: id, ...input },
          });
          return id;
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'offerings_cohort_module_key', 'moduleId', t('cohorts.msg.moduleTwice'));
      }
    },

    /** Adds every live catalogue module the cohort does not have yet, in catalogue order after the existing ones. */
    async addAllModules(actor: SessionUser, cohortId: number): Promise<number> {
      await managed(actor, cohortId);
      return db.transaction(async (tx) => {
        await lockCohort(tx, cohortId);
        const present = await tx
          .select({ moduleId: offerings.moduleId, position: offerings.position })
          .from(offerings)
          .where(eq(offerings.cohortId, cohortId));
        const all = await tx
          .select({ id: modules.id, title: modules.title })
          .from(modules)
          .where(isNull(modules.archivedAt))
          .orderBy(asc(modules.position), asc(modules.number));
        const missing = all.filter((m) => !present.some((p) => p.moduleId === m.id));
        let position = Math.max(0, ...present.map((p) => p.position));
        if (missing.length)
          await tx.insert(offerings).values(missing.map((m) => ({ cohortId, moduleId: m.id, position: ++position })));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'offering.created_all',
          subjectType: 'cohort',
          subjectId: cohortId,
          details: { modules: missing.map((m) => m.title) },
        });
        return missing.length;
      });
    },

    /** An offering with sessions keeps them: delete the sessions first, so nothing disappears by accident. */
    async deleteOffering(actor: SessionUser, offeringId: number): Promise<{ cohortId: number; title: string }> {
      const o = await offeringOf(actor, offeringId);
      await db.transaction(async (tx) => {
        const [n] = await tx
          .select({ n: count() })
          .from(scheduleSessions)
          .where(eq(scheduleSessions.offeringId, offeringId));
        if (n!.n > 0) throw new Conflict(t('cohorts.msg.offeringHasSessions'));
        await tx.delete(offerings).where(eq(offerings.id, offeringId));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'offering.deleted',
          subjectType: 'cohort',
          subjectId: o.cohort.id,
          details: { offeringId, module: o.moduleTitle },
        });
      });
      return { cohortId: o.cohort.id, title: o.moduleTitle };
    },

    async saveSession(
      actor: SessionUser,
      offeringId: number,
      sessionId: number | null,
      input: SessionInput,
    ): Promise<ScheduleSession> {
      const o = await offeringOf(actor, offeringId);
      checkSessionInPeriod(o.cohort, input);
      const values = { ...input, startTime: `${input.startTime}:00`, endTime: `${input.endTime}:00` };
      try {
        return await db.transaction(async (tx) => {
          let row: ScheduleSession | undefined;
          if (sessionId === null) {
            [row] = await tx
              .insert(scheduleSessions)
              .values({ offeringId, ...values })
              .returning();
          } else {
            const now = clock.now();
            [row] = await tx
              .update(scheduleSessions)
              .set({ ...values, revision: sql`${scheduleSessions.revision} + 1`, updatedAt: now })
              .where(and(eq(scheduleSessions.id, sessionId), eq(scheduleSessions.offeringId, offeringId)))
              .returning();
            if (!row) throw new NotFound();
          }
          await recordAudit(tx, {
            actorId: actor.id,
            action: sessionId === null ? 'session.created' : 'session.updated',
            subjectType: 'cohort',
            subjectId: o.cohort.id,
            details: { sessionId: row!.id, module: o.moduleTitle, ...values },
          });
          return row!;
        });
      } catch (err) {
        const pg = pgError(err);
        if (pg?.code === '23514' && pg.constraint === 'schedule_sessions_time_check')
          throw FormError.field('endTime', t('cohorts.msg.endBeforeStartTime'));
        if (pg?.code === '23505' && pg.constraint === 'schedule_sessions_unique_key')
          throw FormError.field('date', t('cohorts.msg.sessionDuplicate'));
        throw err;
      }
    },

    async deleteSession(actor: SessionUser, sessionId: number): Promise<{ cohortId: number }> {
      const s = await sessionOf(actor, sessionId);
      try {
        await db.transaction(async (tx) => {
          await tx.delete(scheduleSessions).where(eq(scheduleSessions.id, sessionId));
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'session.deleted',
            subjectType: 'cohort',
            subjectId: s.cohort.id,
            details: { module: s.moduleTitle, date: s.session.date, startTime: s.session.startTime },
          });
        });
      } catch (err) {
        // attendance refers to the session: what was recorded is never deleted along with it
        // 23001 restrict_violation (ON DELETE RESTRICT), 23503 foreign_key_violation
        if (['23001', '23503'].includes(pgError(err)?.code ?? ''))
          throw new Conflict(t('cohorts.msg.sessionHasAttendance'));
        throw err;
      }
      return { cohortId: s.cohort.id };
    },
  };
}
