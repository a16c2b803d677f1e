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
import type { JobQueue } from '../../platform/jobs/queue';

/** A run that has not moved for this long while "laufend" lost its process (restart, crash). */
export const STALE_AFTER_MS = 60_000;

type Deps = { db: Db; clock: Clock; logger: Logger; certificates: CertificatesService; jobs: JobQueue };

export const RUN_JOB = 'certificate-run';

/**
 * Bulk issue as a background run with progress, on the job queue: starting answers at once, the certificates are issued
 * one by one (each in its own transaction) while the SPI-Team watches the run page. The run survives a restart: another
 * instance (or this one, started again) takes the job up where `done` says, once the lost one's time has run out.
 */
export function certificateRunsService(deps: Deps) {
  const { db, clock, logger, jobs } = deps;

  /** The job: issues what is left of the run, as the person who started it. */
  async function work({ runId }: { runId: number }): Promise<void> {
    const [row] = await db
      .select({ run: certificateRuns, actor: users })
      .from(certificateRuns)
      .leftJoin(users, eq(users.id, certificateRuns.startedById))
      .where(eq(certificateRuns.id, runId));
    // a run finished, given up or replaced meanwhile has nothing left to do
    if (!row || row.run.state !== 'laufend') return;
    const { run, actor: starter } = row;
    const actor: SessionUser | undefined =
      starter && starter.active
        ? {
            id: starter.id,
            email: starter.email,
            firstName: starter.firstName,
            lastName: starter.lastName,
            role: starter.role,
            municipalityId: starter.municipalityId,
          }
        : undefined;
    try {
      if (!actor || !canManageCertificates(actor))
        throw new AppError(403, 'run_starter_gone', t('certificates.run.starterGone'));
      const targets = run.done > 0 ? await takeUp(actor, run) : run.targets;
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

  /**
   * A run taken up after its process died: what the register holds by now counts as done, the rest is issued. (Two
   * certificates are under way at a time, so `done` alone does not say which ones.)
   */
  async function takeUp(actor: SessionUser, run: CertificateRun): Promise<IssueTarget[]> {
    const key = (x: IssueTarget) => `${x.userId}:${x.kind}:${x.offeringId ?? '-'}`;
    const open = new Set((await deps.certificates.openTargets(actor, run.cohortId, run.kind)).map(key));
    const remaining = run.targets.filter((x) => open.has(key(x)));
    const done = run.targets.length - remaining.length;
    await db
      .update(certificateRuns)
      .set({ done, created: Math.max(0, done - run.existing), updatedAt: clock.now() })
      .where(eq(certificateRuns.id, run.id));
    logger.info({ runId: run.id, done, remaining: remaining.length }, 'certificate run taken up again');
    return remaining;
  }

  const isStale = (run: CertificateRun) =>
    run.state === 'laufend' && clock.now().getTime() - run.updatedAt.getTime() > STALE_AFTER_MS;

  jobs.define({ name: RUN_JOB, work, retryLimit: 3 });

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
            .values({
              cohortId,
              kind,
              startedById: actor.id,
              total: targets.length,
              targets,
              startedAt: now,
              updatedAt: now,
            })
            .returning();
          // the job exists exactly if the run does
          await jobs.enqueue(RUN_JOB, { runId: row!.id }, { tx });
          return row!;
        });
      } catch (err) {
        const other = pgError(err)?.code === '23505' ? await current() : undefined;
        if (other) return { runId: other.id, joined: true };
        throw err;
      }
      jobs.kick(RUN_JOB);
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
  };
}
export type CertificateRunsService = ReturnType<typeof certificateRunsService>;
