import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { AppError, NotFound, pgError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { cohorts } from '../cohorts/table';
import type { CertificatesService, IssueTarget } from './service';
import { canManageCertificates } from './access';
import { certificateRuns, type CertificateKind, type CertificateRun } from './table';

/** A run that has not moved for this long while "laufend" lost its process (restart, crash). */
export const STALE_AFTER_MS = 60_000;

type Deps = { db: Db; clock: Clock; logger: Logger; certificates: CertificatesService };

/**
 * Bulk issue as a background run with progress. Starting answers at once; the certificates are issued one by one
 * (each in its own transaction) while the SPI-Team watches the run page.
 */
export function certificateRunsService(deps: Deps) {
  const { db, clock, logger } = deps;
  /** The runs this process works on, by id. */
  const working = new Map<number, Promise<void>>();

  async function work(actor: SessionUser, run: CertificateRun, targets: IssueTarget[]): Promise<void> {
    try {
      await deps.certificates.issue(actor, run.cohortId, targets, async ({ created }) => {
        await db
          .update(certificateRuns)
          .set({
            done: sql`${certificateRuns.done} + 1`,
            created: sql`${certificateRuns.created} + ${created ? 1 : 0}`,
            existing: sql`${certificateRuns.existing} + ${created ? 0 : 1}`,
            updatedAt: clock.now(),
          })
          .where(eq(certificateRuns.id, run.id));
      });
      await db
        .update(certificateRuns)
        .set({ state: 'fertig', updatedAt: clock.now(), finishedAt: clock.now() })
        .where(eq(certificateRuns.id, run.id));
    } catch (err) {
      logger.error({ err, runId: run.id, cohortId: run.cohortId }, 'certificate run failed');
      // what was issued stays issued (complete and valid); a new run issues the rest
      const error = err instanceof AppError ? err.message : t('certificates.run.failedUnexpectedly');
      await db
        .update(certificateRuns)
        .set({ state: 'fehlgeschlagen', error, updatedAt: clock.now(), finishedAt: clock.now() })
        .where(eq(certificateRuns.id, run.id))
        .catch((e: unknown) => logger.error({ err: e, runId: run.id }, 'could not record the failed run'));
    }
  }

  const isStale = (run: CertificateRun) =>
    run.state === 'laufend' && !working.has(run.id) && clock.now().getTime() - run.updatedAt.getTime() > STALE_AFTER_MS;

  return {
    /**
     * Starts a run for everything still open in the cohort. A second start while one runs joins that one, so two
     * clicks (or two people) never issue twice. Nothing open, no run.
     */
    async start(
      actor: SessionUser,
      cohortId: number,
      kind: CertificateKind | null,
    ): Promise<{ runId: number; joined: boolean } | { runId: undefined }> {
      if (!canManageCertificates(actor)) throw new NotFound();
      const current = async () =>
        (
          await db
            .select()
            .from(certificateRuns)
            .where(and(eq(certificateRuns.cohortId, cohortId), eq(certificateRuns.state, 'laufend')))
        )[0];
      const before = await current();
      if (before && !isStale(before)) return { runId: before.id, joined: true };
      const targets = await deps.certificates.openTargets(actor, cohortId, kind);
      if (targets.length === 0) return { runId: undefined };
      const now = clock.now();
      let run: CertificateRun;
      try {
        run = await db.transaction(async (tx) => {
          // a run cut off by a restart no longer blocks the cohort
          await tx
            .update(certificateRuns)
            .set({ state: 'abgebrochen', finishedAt: now })
            .where(
              and(
                eq(certificateRuns.cohortId, cohortId),
                eq(certificateRuns.state, 'laufend'),
                lt(certificateRuns.updatedAt, new Date(now.getTime() - STALE_AFTER_MS)),
              ),
            );
          const [row] = await tx
            .insert(certificateRuns)
            .values({ cohortId, kind, startedById: actor.id, total: targets.length, startedAt: now, updatedAt: now })
            .returning();
          return row!;
        });
      } catch (err) {
        const other = pgError(err)?.code === '23505' ? await current() : undefined;
        if (other) return { runId: other.id, joined: true };
        throw err;
      }
      working.set(
        run.id,
        work(actor, run, targets).finally(() => working.delete(run.id)),
      );
      return { runId: run.id, joined: false };
    },

    /** The run with its cohort; "unterbrochen" when its process is gone. */
    async get(actor: SessionUser, id: number) {
      if (!canManageCertificates(actor) || !Number.isInteger(id) || id <= 0) throw new NotFound();
      const [row] = await db
        .select({
          run: certificateRuns,
          cohortName: cohorts.name,
          startedBy: sql<string>`coalesce(${users.firstName} || ' ' || ${users.lastName}, '–')`,
        })
        .from(certificateRuns)
        .innerJoin(cohorts, eq(cohorts.id, certificateRuns.cohortId))
        .leftJoin(users, eq(users.id, certificateRuns.startedById))
        .where(eq(certificateRuns.id, id));
      if (!row) throw new NotFound();
      return { ...row, stale: isStale(row.run) };
    },

    /** The newest run of a cohort, for the cohort's certificate page. */
    async latest(actor: SessionUser, cohortId: number) {
      if (!canManageCertificates(actor)) throw new NotFound();
      const [run] = await db
        .select()
        .from(certificateRuns)
        .where(eq(certificateRuns.cohortId, cohortId))
        .orderBy(desc(certificateRuns.startedAt), desc(certificateRuns.id))
        .limit(1);
      return run ? { run, stale: isStale(run) } : undefined;
    },

    /** Resolves when every run of this process has ended: for shutdown and tests. */
    async settled(): Promise<void> {
      while (working.size > 0) await Promise.allSettled([...working.values()]);
    },
  };
}
export type CertificateRunsService = ReturnType<typeof certificateRunsService>;
