import type { Logger } from 'pino';
import type { JobQueue } from './platform/jobs/queue';
import type { Db } from './platform/db/client';
import type { Clock } from './platform/clock';
import { deleteExpiredSessions } from './platform/auth/session-store';
import { deleteExpiredLimits } from './platform/limits/limiter';

/**
 * The periodic jobs, each once per tick across all instances: mail delivery (retries, and what another instance queued)
 * and the clean-up of what has run out. Their times are spread so they do not all start at once.
 */
export function defineHousekeeping(
  jobs: JobQueue,
  parts: {
    db: Db;
    clock: Clock;
    logger: Logger;
    deliverMail: () => Promise<number>;
    deleteExpiredTokens: () => Promise<number>;
    deleteStaleImports: () => Promise<number>;
  },
): void {
  const { db, clock, logger } = parts;
  const sweep = (name: string, schedule: string, run: () => Promise<number>) =>
    jobs.define({
      name,
      schedule,
      retryLimit: 0, // the next tick comes anyway
      work: async () => {
        const n = await run();
        if (n > 0) logger.info({ job: name, removed: n }, 'housekeeping');
      },
    });
  jobs.define({
    name: 'mail-delivery',
    schedule: '* * * * *',
    retryLimit: 0,
    work: async () => void (await parts.deliverMail()),
  });
  sweep('sessions-expired', '7 * * * *', () => deleteExpiredSessions(db, clock.now()));
  sweep('limits-expired', '17 * * * *', () => deleteExpiredLimits(db, clock.now()));
  sweep('tokens-expired', '27 3 * * *', parts.deleteExpiredTokens);
  sweep('imports-stale', '37 * * * *', parts.deleteStaleImports);
}
