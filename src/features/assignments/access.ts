import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { modules } from '../catalogue/table';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers } from '../cohorts/table';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { assignments, type Assignment } from './table';

/**
 * How a person relates to an assignment: the SPI-Team and the offering's trainers manage it and see every hand-in;
 * a trainee holding a seat works on their own; a coordinator sees only whether their people handed in and passed.
 */
export type AssignmentAccess = {
  assignment: Assignment;
  offering: { id: number; cohortId: number; moduleTitle: string; cohortName: string };
  as: 'manage' | 'attend' | 'coordinate';
  municipalityId?: number;
};

export async function offeringScope(db: Db, actor: SessionUser, offeringId: number): Promise<{ id: number; cohortId: number; moduleTitle: string; cohortName: string; as: 'manage' | 'attend' | 'coordinate'; municipalityId?: number }> {
  if (!Number.isInteger(offeringId) || offeringId <= 0) throw new NotFound();
  const [o] = await db
    .select({ id: offerings.id, cohortId: offerings.cohortId, moduleTitle: modules.title, cohortName: cohorts.name })
    .from(offerings)
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
    .where(eq(offerings.id, offeringId));
  if (!o) throw new NotFound();
  if (actor.role === 'admin') return { ...o, as: 'manage' };
  if (actor.role === 'trainer') {
    const [t] = await db.select({ u: offeringTrainers.userId }).from(offeringTrainers).where(and(eq(offeringTrainers.offeringId, offeringId), eq(offeringTrainers.userId, actor.id)));
    if (t) return { ...o, as: 'manage' };
  }
  if (actor.role === 'trainee') {
    const [e] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.cohortId, o.cohortId), eq(enrolments.userId, actor.id), inArray(enrolments.status, SEAT_HOLDING)));
    if (e) return { ...o, as: 'attend' };
  }
  if (actor.role === 'coordinator' && actor.municipalityId !== null) {
    const [p] = await db.select({ q: cohortMunicipalities.quota }).from(cohortMunicipalities).where(and(eq(cohortMunicipalities.cohortId, o.cohortId), eq(cohortMunicipalities.municipalityId, actor.municipalityId)));
    if (p) return { ...o, as: 'coordinate', municipalityId: actor.municipalityId };
  }
  throw new NotFound();
}

export async function reachAssignment(db: Db, actor: SessionUser, assignmentId: number): Promise<AssignmentAccess> {
  if (!Number.isInteger(assignmentId) || assignmentId <= 0) throw new NotFound();
  const [a] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!a) throw new NotFound();
  const scope = await offeringScope(db, actor, a.offeringId);
  const { as, municipalityId, ...offering } = scope;
  return { assignment: a, offering, as, municipalityId };
}
