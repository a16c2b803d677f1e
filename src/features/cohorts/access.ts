import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { enrolments, type Enrolment } from '../enrolment/table';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers, scheduleSessions, type Cohort } from './table';
import { modules } from '../catalogue/table';
import { SEAT_HOLDING } from '../enrolment/table';

/** New cohorts are set up by the SPI-Team. */
export const canCreateCohort = (actor: SessionUser) => actor.role === 'admin';

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
        .where(
          and(
            eq(cohortMunicipalities.cohortId, cohortId),
            eq(cohortMunicipalities.municipalityId, actor.municipalityId),
          ),
        );
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
      const [enrolment] = await db
        .select()
        .from(enrolments)
        .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, actor.id)));
      if (enrolment) return { cohort, as: 'attend', enrolment };
      break;
    }
  }
  throw new NotFound();
}

/*
 * Named predicates: what a relation to a cohort allows. Handlers, services and templates ask these, never the
 * relation itself, so a rule lives in one place.
 */
export const canManageCohort = (a: CohortAccess) => a.as === 'manage';
/** Participants by name: the SPI-Team, the cohort's coordinators (their people) and its trainers. Trainees do not. */
export const canSeeParticipants = (a: CohortAccess) => a.as !== 'attend';
/** Who is still unmarked at past sessions: those who record attendance. */
export const canSeeRecordingState = (a: CohortAccess) => a.as === 'manage' || a.as === 'teach';
/** Nominations: a coordinator while registration is open or the cohort runs; the SPI-Team until it is closed. */
export const canNominate = (a: CohortAccess) =>
  a.as === 'coordinate'
    ? ['anmeldung_offen', 'laufend'].includes(a.cohort.status)
    : a.as === 'manage' && a.cohort.status !== 'abgeschlossen';
/** Confirming and rejecting nominations, and issuing certificates, are the SPI-Team's. */
export const canDecideEnrolments = canManageCohort;
/** Withdrawing someone: the SPI-Team, or the coordinator of the person's municipality. */
export const canWithdraw = (a: CohortAccess, enrolmentMunicipalityId: number) =>
  a.as === 'manage' || (a.as === 'coordinate' && a.municipalityId === enrolmentMunicipalityId);
/** The matrix and its exports, and other municipalities in its filter: everyone but trainees; coordinators only their own. */
export const canSeeProgress = (a: CohortAccess) => a.as !== 'attend';
export const canFilterByMunicipality = (a: CohortAccess) => a.as === 'manage' || a.as === 'teach';

/** What a template may offer, from the same predicates. */
export function cohortPermissions(a: CohortAccess) {
  return {
    manage: canManageCohort(a),
    nominate: canNominate(a),
    seeParticipants: canSeeParticipants(a),
    seeRecordingState: canSeeRecordingState(a),
    decide: canDecideEnrolments(a),
    seeProgress: canSeeProgress(a),
  };
}

/** How a person relates to one module offering: manage it (SPI-Team, its trainers), attend (seat), coordinate. */
export type OfferingAccess = {
  id: number;
  cohortId: number;
  moduleTitle: string;
  cohortName: string;
  as: 'manage' | 'attend' | 'coordinate';
  municipalityId?: number;
};

/** The offering as this person may see it; outside their reach it does not exist (404). */
export async function reachOffering(db: Db, actor: SessionUser, offeringId: number): Promise<OfferingAccess> {
  const [o] = await db
    .select({ id: offerings.id, cohortId: offerings.cohortId, moduleTitle: modules.title, cohortName: cohorts.name })
    .from(offerings)
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
    .where(eq(offerings.id, offeringId));
  if (!o) throw new NotFound();
  if (actor.role === 'admin') return { ...o, as: 'manage' };
  if (actor.role === 'trainer') {
    const [t] = await db
      .select({ u: offeringTrainers.userId })
      .from(offeringTrainers)
      .where(and(eq(offeringTrainers.offeringId, offeringId), eq(offeringTrainers.userId, actor.id)));
    if (t) return { ...o, as: 'manage' };
  }
  if (actor.role === 'trainee') {
    const [e] = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(
        and(
          eq(enrolments.cohortId, o.cohortId),
          eq(enrolments.userId, actor.id),
          inArray(enrolments.status, SEAT_HOLDING),
        ),
      );
    if (e) return { ...o, as: 'attend' };
  }
  if (actor.role === 'coordinator' && actor.municipalityId !== null) {
    const [p] = await db
      .select({ q: cohortMunicipalities.quota })
      .from(cohortMunicipalities)
      .where(
        and(
          eq(cohortMunicipalities.cohortId, o.cohortId),
          eq(cohortMunicipalities.municipalityId, actor.municipalityId),
        ),
      );
    if (p) return { ...o, as: 'coordinate', municipalityId: actor.municipalityId };
  }
  throw new NotFound();
}

/** Setting assignments, seeing every hand-in, giving feedback: those who manage the offering. */
export const canTeachOffering = (o: Pick<OfferingAccess, 'as'>) => o.as === 'manage';

/** A session with its offering and cohort, if the actor records its attendance: its trainers and the SPI-Team. Else 404. */
export async function reachRecordableSession(db: Db, actor: SessionUser, sessionId: number) {
  const [row] = await db
    .select({ session: scheduleSessions, offeringId: offerings.id, moduleTitle: modules.title, cohort: cohorts })
    .from(scheduleSessions)
    .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
    .where(eq(scheduleSessions.id, sessionId));
  if (!row) throw new NotFound();
  const offering = await reachOffering(db, actor, row.offeringId).catch(() => undefined);
  if (!offering || !canRecordAttendance(offering)) throw new NotFound();
  return row;
}

/** Recording attendance (sheet, check-in window, signature list): the offering's trainers and the SPI-Team. */
export const canRecordAttendance = canTeachOffering;
