import PgBoss from 'pg-boss';
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/client';

/** A kind of background work. Its data is JSON; its handler must be safe to run again after a crash (at least once). */
export type JobDefinition<T extends object = Record<string, never>> = {
  name: string;
  work: (data: T) => Promise<void>;
  /** Cron in Europe/Berlin: the queue sends it once per tick across all instances. */
  schedule?: string;
  /** Retries after a failure or after the job's time ran out (its process died): 2 by default. */
  retryLimit?: number;
};

export type JobQueueOptions = {
  /** Pollers and schedules run here (the server); without them a process still works off what it enqueues itself. */
  workers: boolean;
  pollSeconds?: number;
  /** How long a job may be active before it counts as lost (its process died) and is tried again elsewhere. */
  timeoutSeconds?: number;
};

/** pg-boss's SQL with $n placeholders, as a Drizzle statement: so a job can be sent inside the caller's transaction. */
function toDrizzle(text: string, values: unknown[] = []): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  // sql.param, not an interpolation: an interpolated undefined would vanish from the statement
  parts.forEach((part, i) =>
    chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${sql.param(values[Number(part) - 1] ?? null)}`),
  );
  return sql.join(chunks);
}
const inTransaction = (tx: Db): PgBoss.Db => ({
  executeSql: async (text, values) => {
    const result = (await tx.execute(toDrizzle(text, values))) as unknown as { rows: unknown[] };
    return { rows: result.rows };
  },
});

/**
 * Background jobs in the database (pg-boss 10, the last line that runs on Node 20), on PostgreSQL and on the embedded
 * PGlite alike. A job is sent inside the transaction that causes it, so it exists exactly if the change does. The
 * process that sends a job starts on it at once (kick); pollers on every instance take what nobody works on, e.g.
 * after a crash, and a job whose process died is tried again once its time has run out.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly defs = new Map<string, JobDefinition<object>>();
  private readonly local = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private started = false;
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly opts: JobQueueOptions,
  ) {
    const timeout = opts.timeoutSeconds ?? 300;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => database.execute(text, values) },
      schema: 'pgboss',
      migrate: true,
      supervise: opts.workers,
      schedule: opts.workers,
      expireInSeconds: timeout,
      maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.floor(timeout / 2))),
      retryLimit: 2,
      retryDelay: 5,
      retryBackoff: true,
      // completed jobs are kept a week for questions, then removed by the queue's own maintenance
      deleteAfterDays: 7,
    });
    this.boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  }

  define<T extends object>(def: JobDefinition<T>): void {
    if (this.started) throw new Error(`job ${def.name} defined after start`);
    this.defs.set(def.name, def as JobDefinition<object>);
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const def of this.defs.values()) {
      await this.boss.createQueue(def.name, { name: def.name, retryLimit: def.retryLimit ?? 2 });
      if (!this.opts.workers) continue;
      await this.boss.work<object>(
        def.name,
        { pollingIntervalSeconds: this.opts.pollSeconds ?? 2, batchSize: 1 },
        async ([job]) => this.run(def, job!.data),
      );
      if (def.schedule) await this.boss.schedule(def.name, def.schedule, {}, { tz: 'Europe/Berlin' });
    }
    this.started = true;
  }

  /** Sends a job, inside `tx` when given (then it exists exactly if the transaction commits). */
  async enqueue<T extends object>(name: string, data: T, opts: { tx?: Db; startAfterSeconds?: number } = {}) {
    if (!this.defs.has(name)) throw new Error(`unknown job ${name}`);
    return this.boss.send(name, data, {
      ...(opts.tx ? { db: inTransaction(opts.tx) } : {}),
      ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
    });
  }

  /** Starts working off `name` in this process now (after the commit that sent it); a kick during a run runs once more. */
  kick(name: string): void {
    if (!this.started || this.stopping) return;
    if (this.local.has(name)) {
      this.again.add(name);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(name);
        await this.drain(name);
      } while (this.again.has(name) && !this.stopping);
    })()
      .catch((err: unknown) => this.logger.error({ err, job: name }, 'job run failed'))
      .finally(() => this.local.delete(name));
    this.local.set(name, run);
  }

  /** Works off every job of `name` that is due, one at a time, here: for kicks, commands and tests. */
  async drain(name: string): Promise<number> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    let n = 0;
    for (;;) {
      const [job] = await this.boss.fetch<object>(name);
      if (!job) return n;
      try {
        await this.run(def, job.data);
        await this.boss.complete(name, job.id);
      } catch (err) {
        await this.boss.fail(name, job.id, { message: String((err as Error)?.message ?? err) });
      }
      n++;
    }
  }

  /** Runs a job's work here and now, outside the queue (a scheduled sweep, for tests and operators). */
  async runNow(name: string, data: object = {}): Promise<void> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    await def.work(data);
  }

  private async run(def: JobDefinition<object>, data: object): Promise<void> {
    try {
      await def.work(data);
    } catch (err) {
      this.logger.warn({ err, job: def.name }, 'job failed, will be retried while retries are left');
      throw err;
    }
  }

  /** Per queue: waiting, active and failed jobs (for /metrics and the readiness check). */
  async stats(): Promise<Array<{ name: string; queued: number; active: number; failed: number }>> {
    const { rows } = await this.database.execute(
      `select name,
              count(*) filter (where state in ('created', 'retry'))::int as queued,
              count(*) filter (where state = 'active')::int as active,
              count(*) filter (where state = 'failed')::int as failed
         from pgboss.job group by name`,
    );
    const byName = new Map(
      (rows as Array<{ name: string; queued: number; active: number; failed: number }>).map((r) => [r.name, r]),
    );
    return [...this.defs.keys()].map((name) => byName.get(name) ?? { name, queued: 0, active: 0, failed: 0 });
  }

  /** Ready when the queue's schema answers. */
  async ready(): Promise<boolean> {
    if (!this.started) return false;
    await this.database.execute('select 1 from pgboss.version');
    return true;
  }

  /** Resolves when this process's own runs have ended. */
  async settled(): Promise<void> {
    while (this.local.size > 0) await Promise.allSettled([...this.local.values()]);
  }

  /** Stops polling, lets running jobs finish (up to 8 s), then stops; what is left is taken up by another instance. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.settled();
    if (this.started) await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 8000 });
  }
}
