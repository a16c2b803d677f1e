import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { cohortCompletion } from './queries';
import { matrixTable } from './exports';

/**
 * The completion read model: attendance, assignments and lessons, evaluated by the rule. It reads, never writes; the
 * features below it (attendance, assignments, learning) do not import it back.
 */
export function completionService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** A cohort's people (optionally one municipality's, or one person), each with ledger and completion. */
    cohort: (cohortId: number, scope: { municipalityId?: number; userId?: number } = {}) =>
      cohortCompletion(db, cohortId, clock.now(), scope),
    /** People × sessions of a whole cohort as text, as in the matrix's CSV (evidence for a funder's audit). */
    async matrixTable(cohortId: number) {
      const now = clock.now();
      return matrixTable(await cohortCompletion(db, cohortId, now), now);
    },
  };
}
export type CompletionService = ReturnType<typeof completionService>;
