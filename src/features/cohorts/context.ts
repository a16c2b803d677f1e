import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { modules } from '../catalogue/table';
import type { Promotion } from '../enrolment/service';
import { canManageCohort, reachCohort } from './access';
import { offerings, scheduleSessions, type Cohort } from './table';

/**
 * The seat rules belong to enrolment: a change of seats or quota asks it to move people up (`promote`, inside the
 * caller's transaction) and to tell them (`onPromoted`, after the commit).
 */
export type Seats = {
  promote: (tx: Db, cohort: Cohort, now: Date) => Promise<Promotion[]>;
  onPromoted: (actor: SessionUser, cohort: Cohort, promoted: Promotion[]) => Promise<void>;
};

export type Deps = { db: Db; clock: Clock; seats: Seats };

/** What the parts share: the dependencies and the reach of a cohort, an offering and a session for the SPI-Team. */
export function cohortContext(deps: Deps) {
  const { db } = deps;

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

  return { deps, db: deps.db, clock: deps.clock, managed, offeringOf, sessionOf };
}
export type CohortContext = ReturnType<typeof cohortContext>;
