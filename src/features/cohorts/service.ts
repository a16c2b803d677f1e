import { cohortContext, type Deps } from './context';
import { reading } from './reading';
import { setup } from './setup';
import { participation } from './participation';
import { schedule } from './schedule';

/** Cohorts by use case: the read side, the cohort itself, its municipalities, its schedule. */
export function cohortsService(deps: Deps) {
  const ctx = cohortContext(deps);
  return { ...reading(ctx), ...setup(ctx), ...participation(ctx), ...schedule(ctx) };
}
export type CohortsService = ReturnType<typeof cohortsService>;
