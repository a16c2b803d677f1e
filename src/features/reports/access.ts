import type { SessionUser } from '../../platform/auth/session-user';
import { NotFound } from '../../platform/errors';

/**
 * Whose figures a person may see. The SPI-Team: the programme. A coordinator: their municipality's people only (other
 * municipalities never, not even as totals). A trainer: the offerings they teach.
 */
export type ReportScope =
  { kind: 'programme' } | { kind: 'municipality'; municipalityId: number } | { kind: 'teaching'; trainerId: number };

export function reportScopeOf(actor: SessionUser): ReportScope {
  if (actor.role === 'admin') return { kind: 'programme' };
  if (actor.role === 'coordinator' && actor.municipalityId !== null)
    return { kind: 'municipality', municipalityId: actor.municipalityId };
  if (actor.role === 'trainer') return { kind: 'teaching', trainerId: actor.id };
  throw new NotFound();
}

/** Small cells are suppressed for everyone but the SPI-Team, who run the programme and see the people anyway. */
export const mustSuppress = (scope: ReportScope) => scope.kind !== 'programme';
/** Participation by status and sector, and certificates, are about people: not for trainers. */
export const canSeeParticipation = (scope: ReportScope) => scope.kind !== 'teaching';
/** Figures across municipalities, and filtering by them: the SPI-Team only. */
export const canCompareMunicipalities = (scope: ReportScope) => scope.kind === 'programme';
/** The evidence archive for a funder's audit (names, signatures): the SPI-Team only. */
export const canExportEvidence = (scope: ReportScope) => scope.kind === 'programme';
