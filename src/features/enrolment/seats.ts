import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { cohortMunicipalities, type Cohort } from '../cohorts/table';
import { enrolments, SEAT_HOLDING } from './table';

export { lockCohort } from '../cohorts/queries';

export type SeatCounts = { held: number; seats: number; byMunicipality: Map<number, { held: number; quota: number }> };

export async function seatCounts(tx: Db, cohort: Cohort): Promise<SeatCounts> {
  const rows = await tx
    .select({
      municipalityId: cohortMunicipalities.municipalityId,
      quota: cohortMunicipalities.quota,
      held: sql<number>`count(${enrolments.id})::int`,
    })
    .from(cohortMunicipalities)
    .leftJoin(
      enrolments,
      and(
        eq(enrolments.cohortId, cohortMunicipalities.cohortId),
        eq(enrolments.municipalityId, cohortMunicipalities.municipalityId),
        inArray(enrolments.status, SEAT_HOLDING),
      ),
    )
    .where(eq(cohortMunicipalities.cohortId, cohort.id))
    .groupBy(cohortMunicipalities.municipalityId, cohortMunicipalities.quota);
  const byMunicipality = new Map(rows.map((r) => [r.municipalityId, { held: r.held, quota: r.quota }]));
  return { held: rows.reduce((sum, r) => sum + r.held, 0), seats: cohort.seats, byMunicipality };
}

/** A new nomination takes a seat if both the cohort and the municipality's quota have one left; otherwise it waits. */
export function placeFor(counts: SeatCounts, municipalityId: number): 'nominiert' | 'warteliste' {
  const m = counts.byMunicipality.get(municipalityId);
  return m && counts.held < counts.seats && m.held < m.quota ? 'nominiert' : 'warteliste';
}

export type Promotion = { enrolmentId: number; userId: number; municipalityId: number };

/**
 * Fills free seats from the waiting list, longest waiting first: the municipality whose seat became free first, then
 * anyone whose municipality still has quota left. The one seat that was freed goes, if nobody with quota left waits,
 * to whoever waits longest at all: a seat nobody of its municipality wants does not stay empty. The caller holds the
 * cohort lock.
 */
export async function promoteWaitlisted(
  tx: Db,
  cohort: Cohort,
  now: Date,
  freedMunicipalityId?: number,
): Promise<Promotion[]> {
  const promoted: Promotion[] = [];
  let beyondQuota = freedMunicipalityId === undefined ? 0 : 1;
  for (;;) {
    const counts = await seatCounts(tx, cohort);
    if (counts.held >= counts.seats) break;
    const waiting = await tx
      .select({ id: enrolments.id, userId: enrolments.userId, municipalityId: enrolments.municipalityId })
      .from(enrolments)
      .where(and(eq(enrolments.cohortId, cohort.id), eq(enrolments.status, 'warteliste')))
      .orderBy(asc(enrolments.waitlistedAt), asc(enrolments.id));
    const hasQuota = (m: number) => {
      const c = counts.byMunicipality.get(m);
      return !!c && c.held < c.quota;
    };
    let next =
      waiting.find((w) => w.municipalityId === freedMunicipalityId && hasQuota(w.municipalityId)) ??
      waiting.find((w) => hasQuota(w.municipalityId));
    if (!next && beyondQuota > 0) {
      next = waiting.find((w) => w.municipalityId === freedMunicipalityId) ?? waiting[0];
      beyondQuota--;
    }
    if (!next) break;
    await tx
      .update(enrolments)
      .set({ status: 'nominiert', seatSince: now, waitlistedAt: null, updatedAt: now })
      .where(eq(enrolments.id, next.id));
    promoted.push({ enrolmentId: next.id, userId: next.userId, municipalityId: next.municipalityId });
  }
  return promoted;
}
