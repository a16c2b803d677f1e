import type { Logger } from 'pino';
import type { JobQueue } from './platform/jobs/queue';
import type { Db } from './platform/db/client';
import type { Clock } from './platform/clock';
import { deleteExpiredSessions } from './platform/auth/session-store';
import { deleteExpiredLimits } from './platform/limits/limiter';
import { sweepFiles } from './platform/files/sweep';
import { referencedKeys } from './file-references';
import type { FileStore } from './platform/files/store';
import fs from 'node:fs';
import path from 'node:path';

/** Files no row refers to are removed once they are this old: longer than any upload or backup takes. */
export const FILE_GRACE_MS = 6 * 60 * 60_000;

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
    deleteExpiredExports: () => Promise<number>;
    applyRetention: () => Promise<Record<string, number>>;
    files: FileStore;
    incomingDir: string;
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
  sweep('data-exports-expired', '57 * * * *', parts.deleteExpiredExports);
  // the retention periods of content/aufbewahrung.md, at night: warnings are mails, and nobody wants them at 3 pm
  jobs.define({
    name: 'retention',
    schedule: '23 2 * * *',
    retryLimit: 0,
    work: async () => {
      const done = await parts.applyRetention();
      if (Object.values(done).some((n) => n > 0)) logger.info({ job: 'retention', ...done }, 'housekeeping');
    },
  });
  sweep('files-orphaned', '47 * * * *', async () => {
    const before = new Date(clock.now().getTime() - FILE_GRACE_MS);
    const { removed, partial } = await sweepFiles(parts.files, (keys) => referencedKeys(db, keys), before);
    return removed + partial + (await removeStaleIncoming(parts.incomingDir, before));
  });
}

/** Uploads a crashed process left in the incoming folder (a finished request removes its own). */
async function removeStaleIncoming(dir: string, before: Date): Promise<number> {
  let n = 0;
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.isFile() && stat.mtime < before) {
      await fs.promises.rm(file, { force: true });
      n++;
    }
  }
  return n;
}
