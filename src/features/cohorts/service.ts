import { and, asc, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound, pgError, uniqueViolationToFormError } from '../../platform/errors';
import { t } from './texts';
import { berlinInstant } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { municipalities } from '../municipalities/table';
import { enrolments } from '../enrolment/table';
import type { Promotion } from '../enrolment/service';
import { lockCohort } from './queries';
import { canManageCohort, canSeeRecordingState, reachCohort, type CohortAccess } from './access';
import { recordingState } from '../attendance/queries';
import { assignments, submissions } from '../assignments/table';
import * as q from './queries';
import type { CohortInput, OfferingInput, QuotaInput, SessionInput } from './schemas';
import {
  cohortMunicipalities,
  cohorts,
  offerings,
  offeringTrainers,
  scheduleSessions,
  type Cohort,
  type ScheduleSession,
} from './table';

/** Someone who sees only part of a cohort gets the part: what the page shows follows from CohortAccess. */
/**
 * The seat rules belong to enrolment: a change of seats or quota asks it to move people up (`promote`, inside the
 * caller's transaction) and to tell them (`onPromoted`, after the commit).
 */
type Seats = {
  promote: (tx: Db, cohort: Cohort, now: Date) => Promise<Promotion[]>;
  onPromoted: (actor: SessionUser, cohort: Cohort, promoted: Promotion[]) => Promise<void>;
};

export function cohortsService(deps: { db: Db; clock: Clock; seats: Seats }) {
  const { db, clock } = deps;

  async function managed(actor: SessionUser, cohortId: number): Promise<Cohort> {
    const access = await reachCohort(db, actor, cohortId);
    if (!canManageCohort(access)) throw new NotFound();
    return access.cohort;
  }

  async function offeringOf(actor: SessionUser, offeringId: number) {
    if (!Number.isInteger(offeringId)) throw new NotFound();
    const [o] = await db
      .select({ offering: offerings, moduleTitle: modules.title, moduleKind: modules.kind })
      .from(offerings)
      .innerJoin(modules, eq(modules.id, offerings.moduleId))
      .where(eq(offerings.id, offeringId));
    if (!o) throw new NotFound();
    const cohort = await managed(actor, o.offering.cohortId);
    return { ...o, cohort };
  }

  async function sessionOf(actor: SessionUser, sessionId: number) {
    if (!Number.isInteger(sessionId)) throw new NotFound();
    const [s] = await db.select().from(scheduleSessions).where(eq(scheduleSessions.id, sessionId));
    if (!s) throw new NotFound();
    return { session: s, ...(await offeringOf(actor, s.offeringId)) };
  }

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
    async page(access: CohortAccess) {
      const id = access.cohort.id;
      const [municipalityRows, sectors, offeringRows, trainers, sessions] = await Promise.all([
        q.municipalityCounts(db, id),
        q.sectorCounts(db, id),
        q.offeringsOf(db, id),
        q.trainersOf(db, id),
        q.sessionsOfCohort(db, id),
      ]);
      // Trainers and the SPI-Team see which past sessions still lack attendance.
      const recording = canSeeRecordingState(access) ? await recordingState(db, id, clock.now()) : [];
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
      const now = clock.now();
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

    /** The municipalities taking part in a cohort, for filters. */
    municipalitiesOf: (cohortId: number) => q.municipalityCounts(db, cohortId),

    municipalityOptions: () =>
      db
        .select({ value: municipalities.id, label: municipalities.name })
        .from(municipalities)
        .orderBy(asc(municipalities.sortName)),

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

    sessionsOfPerson: (person: { id: number; role: string }) => q.sessionsOfPerson(db, person),
    sessionDetails: (id: number) => q.sessionDetails(db, id),
  };
}
