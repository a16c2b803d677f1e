import type { Deps } from '../../deps';
import type { SessionUser } from '../../platform/auth/session-user';
import { SEAT_HOLDING } from '../enrolment/table';
import { canManageCertificates } from '../certificates/access';

/**
 * Everything about one person's way through the qualification, for their person page: enrolments across cohorts, the
 * hours ledger and "Noch offen" per cohort, assignment states (never their content) and certificates. The person has
 * already been reached through canManagePerson; a coordinator gets the same facts, the page hides the PDFs from them.
 */
export async function personRecord(deps: Deps, actor: SessionUser, userId: number) {
  const enrolled = await deps.enrolment.ofPerson(userId);
  const perCohort = [];
  for (const e of enrolled) {
    const seat = SEAT_HOLDING.includes(e.enrolment.status) || e.enrolment.seatSince !== null;
    const row = seat ? (await deps.completion.cohort(e.cohort.id, { userId })).rows[0] : undefined;
    const tasks = seat ? await deps.assignments.statesOf(userId, e.cohort.id) : [];
    perCohort.push({ ...e, ledger: row?.ledger, completion: row?.completion, tasks });
  }
  return {
    cohorts: perCohort,
    certificates: await deps.certificates.ofHolder(userId),
    managesCertificates: canManageCertificates(actor),
  };
}
