import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { SessionUser } from '../../platform/auth/session-user';
import { NotFound } from '../../platform/errors';
import { municipalities } from '../municipalities/table';
import { municipalityProcess, type MeetingKind } from './table';

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
/** Supervision notes are confidential: the tandem and the SPI-Team, never the coordinators who follow the process. */
export const canSeeMeeting = (r: ProcessReach, kind: MeetingKind) => kind !== 'supervision' || r.as !== 'follow';

/** The municipality (with its process row) and the actor's way of reaching it; NotFound for anyone else. */
export async function loadReach(db: Db, actor: SessionUser, municipalityId: number) {
  const [m] = await db
    .select({ municipality: municipalities, process: municipalityProcess })
    .from(municipalities)
    .leftJoin(municipalityProcess, eq(municipalityProcess.municipalityId, municipalities.id))
    .where(eq(municipalities.id, municipalityId));
  if (!m) throw new NotFound();
  return { ...m, access: reachProcess(actor, municipalityId, m.process?.localFacilitatorId ?? null) };
}
