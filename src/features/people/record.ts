import { and, asc, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps';
import type { SessionUser } from '../../platform/auth/session-user';
import { assignments, submissions } from '../assignments/table';
import { certificates } from '../certificates/table';
import { cohorts, offerings } from '../cohorts/table';
import { cohortCompletion } from '../completion/queries';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { modules } from '../catalogue/table';

/**
 * Everything about one person's way through the qualification, for their person page: enrolments across cohorts, the
 * hours ledger and "Noch offen" per cohort, assignment states (never their content) and certificates. The person has
 * already been reached through canManagePerson; a coordinator gets the same facts, the page hides the PDFs from them.
 */
export async function personRecord(deps: Deps, actor: SessionUser, userId: number) {
  const db = deps.database.db;
  const now = deps.clock.now();
  const enrolled = await db
    .select({ enrolment: enrolments, cohort: { id: cohorts.id, name: cohorts.name, status: cohorts.status } })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(eq(enrolments.userId, userId))
    .orderBy(desc(cohorts.startsOn));
  const perCohort = [];
  for (const e of enrolled) {
    const seat = SEAT_HOLDING.includes(e.enrolment.status) || e.enrolment.seatSince !== null;
    const row = seat ? (await cohortCompletion(db, e.cohort.id, now, { userId })).rows[0] : undefined;
    const tasks = seat
      ? await db
          .select({ id: assignments.id, title: assignments.title, dueAt: assignments.dueAt, required: assignments.required, moduleTitle: modules.title, state: submissions.state })
          .from(assignments)
          .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
          .innerJoin(modules, eq(modules.id, offerings.moduleId))
          .leftJoin(submissions, and(eq(submissions.assignmentId, assignments.id), eq(submissions.userId, userId)))
          .where(eq(offerings.cohortId, e.cohort.id))
          .orderBy(asc(assignments.dueAt))
      : [];
    perCohort.push({ ...e, ledger: row?.ledger, completion: row?.completion, tasks });
  }
  const certs = await db
    .select({ id: certificates.id, number: certificates.number, kind: certificates.kind, state: certificates.state, issuedAt: certificates.issuedAt, cohortId: certificates.cohortId, module: certificates.content })
    .from(certificates)
    .where(eq(certificates.userId, userId))
    .orderBy(desc(certificates.issuedAt));
  return {
    cohorts: perCohort,
    certificates: certs.map((c) => ({ ...c, module: c.kind === 'teilnahme' ? c.module.modules[0]?.title : undefined })),
    seesFiles: actor.role === 'admin',
  };
}
