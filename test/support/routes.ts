import type { Express } from 'express';
import type { Db } from '../../src/platform/db/client';
import { guardOf } from '../../src/platform/auth/guards';
import { certificateRuns } from '../../src/features/certificates/table';
import { makeMunicipality, makeUser } from './builders';
import { enrol, makeAssignment, makeCohort, makeOffering, makeSession, makeSubmission } from './cohorts';

/** The app's route table (method, path, guard), read from Express's router: the judge of "every route has a guard". */
type Layer = {
  route?: { path: string; stack: Array<{ handle: unknown; method?: string }> };
  handle?: { stack?: Layer[] };
};

export function allRoutes(app: Express): Array<{ method: string; path: string; guard: string | undefined }> {
  const found: Array<{ method: string; path: string; guard: string | undefined }> = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = [...new Set(layer.route.stack.map((s) => s.method).filter(Boolean))] as string[];
        found.push({ method: methods.join(','), path: layer.route.path, guard: guardOf(layer.route.stack[0]?.handle) });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/**
 * One of everything the routes need: a municipality with a trainee nominated into a cohort that has an offering, a
 * session, an assignment with a hand-in and a finished certificate run. url() fills {m}, {p}, {c}, … in a path.
 */
export async function buildWorld(db: Db) {
  const m = await makeMunicipality(db);
  const person = await makeUser(db, { role: 'trainee', municipalityId: m.id });
  const c = await makeCohort(db, { quotas: [[m.id, 50]] });
  const { offering } = await makeOffering(db, c.id);
  const session = await makeSession(db, offering.id);
  const e = await enrol(db, c.id, person, 'nominiert');
  const a = await makeAssignment(db, offering.id);
  const { submission } = await makeSubmission(db, a.id, person.id);
  const [run] = await db
    .insert(certificateRuns)
    .values({ cohortId: c.id, total: 1, state: 'fertig', startedAt: new Date(), updatedAt: new Date() })
    .returning();
  const ids: Record<string, number> = {
    m: m.id,
    p: person.id,
    c: c.id,
    o: offering.id,
    s: session.id,
    e: e.id,
    a: a.id,
    sub: submission.id,
    run: run!.id,
  };
  const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, key: string) => String(ids[key]));
  return { m, c, offering, person, ids, url };
}
