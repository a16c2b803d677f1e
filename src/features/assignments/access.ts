import { eq } from 'drizzle-orm';
import { canTeachOffering, reachOffering } from '../cohorts/access';
import type { Db } from '../../platform/db/client';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
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

export async function reachAssignment(db: Db, actor: SessionUser, assignmentId: number): Promise<AssignmentAccess> {
  const [a] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!a) throw new NotFound();
  const scope = await reachOffering(db, actor, a.offeringId);
  const { as, municipalityId, ...offering } = scope;
  return { assignment: a, offering, as, municipalityId };
}

/** The hand-in's content (text, files, feedback): its author and those who teach the offering. Coordinators: states only. */
export const canSeeHandInContent = (
  a: Pick<AssignmentAccess, 'as'>,
  submission: { userId: number },
  actor: SessionUser,
) => canTeachOffering(a) || (a.as === 'attend' && submission.userId === actor.id);

/** Working on one's own hand-in: a trainee holding a seat. */
export const canHandIn = (a: Pick<AssignmentAccess, 'as'>) => a.as === 'attend';

export { canTeachOffering, reachOffering };
