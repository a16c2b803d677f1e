import { enrolmentContext } from './context';
import { nominations } from './nominations';
import { listImport } from './list-import';
import { decisions } from './decisions';
import { enrolmentQueries } from './enrolment-queries';
import type { Deps } from './context';

export { BeyondQuota } from './context';
export type { Promotion } from './seats';

/**
 * Enrolment in a cohort, by use case: nominations, the list import, the SPI-Team's decisions and the read side.
 * The parts share one context (context.ts): the dependencies and the seat rules' helpers.
 */
export function enrolmentService(deps: Deps) {
  const ctx = enrolmentContext(deps);
  const { nominationScope, enrolmentOf } = ctx;
  return {
    ...nominations(ctx),
    ...listImport(ctx),
    ...decisions(ctx),
    ...enrolmentQueries(ctx),
    nominationScope,
    enrolmentOf,
  };
}
export type EnrolmentService = ReturnType<typeof enrolmentService>;
