import type { SessionUser } from '../../platform/auth/session-user';
import { NotFound } from '../../platform/errors';

/**
 * How a person reaches a municipality's process. The SPI-Team (and so every external facilitator, who is one of it)
 * steers every municipality; the local facilitator, a coordinator of the municipality designated on the process page,
 * works on their own; the other coordinators of the municipality follow it. Anyone else: not found.
 */
export type ProcessReach = { municipalityId: number; as: 'spi' | 'local' | 'follow' };

export function reachProcess(
  actor: SessionUser,
  municipalityId: number,
  localFacilitatorId: number | null,
): ProcessReach {
  if (actor.role === 'admin') return { municipalityId, as: 'spi' };
  if (actor.role === 'coordinator' && actor.municipalityId === municipalityId)
    return { municipalityId, as: localFacilitatorId === actor.id ? 'local' : 'follow' };
  throw new NotFound();
}

/** The tandem keeps the process: milestones, phase dates, health. */
export const canEditProcess = (r: ProcessReach) => r.as === 'spi' || r.as === 'local';
/** Who forms the tandem is the SPI-Team's decision. */
export const canAssignTandem = (r: ProcessReach) => r.as === 'spi';
