import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import type { JobQueue } from '../../platform/jobs/queue';
import type { SessionUser } from '../../platform/auth/session-user';
import { recordAudit } from '../../platform/audit';
import { fullName } from '../../platform/names';
import { findUserById } from '../accounts/queries';
import { buildExport } from './build';
import { collectPersonData } from './collect';
import { dataExports } from './table';
import { formatDateTime, t } from './texts';

export const EXPORT_JOB = 'data-export';
const KEEP_MS = 7 * 24 * 3_600_000;

/** "Meine Daten": requests, the job that builds the ZIP, downloads, and removing what expired. */
export function myDataService(deps: {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  files: FileStore;
  jobs: JobQueue;
  tmpDir: string;
  baseUrl: string;
}) {
  const { db, clock } = deps;

  async function build({ exportId }: { exportId: number }): Promise<void> {
    const [row] = await db.select().from(dataExports).where(eq(dataExports.id, exportId));
    if (!row || row.state !== 'wird_erstellt') return; // done before, or gone
    try {
      const stored = await buildExport(await collectPersonData(db, row.userId), {
        files: deps.files,
        tmpDir: deps.tmpDir,
        createdAt: clock.now(),
      });
      const readyAt = clock.now();
      const expiresAt = new Date(readyAt.getTime() + KEEP_MS);
      await db.transaction(async (tx) => {
        await tx
          .update(dataExports)
          .set({ state: 'fertig', storageKey: stored.key, size: stored.size, readyAt, expiresAt })
          .where(eq(dataExports.id, exportId));
        const person = await findUserById(tx, row.userId);
        if (person)
          await deps.mailer.send(
            {
              to: person.email,
              subject: t('myDataMail.readySubject'),
              text:
                t('myDataMail.readyBody', {
                  name: fullName(person),
                  date: formatDateTime(expiresAt),
                  link: `${deps.baseUrl}/profile/data`,
                }) + t('common.mailSignature'),
            },
            tx,
          );
      });
    } catch (err) {
      deps.logger.error({ err, exportId }, 'data export failed');
      await db.update(dataExports).set({ state: 'fehlgeschlagen' }).where(eq(dataExports.id, exportId));
    }
  }
  deps.jobs.define({ name: EXPORT_JOB, work: build, retryLimit: 0 });

  return {
    /** The person's requests, newest first, with what may be downloaded now. */
    async mine(actor: SessionUser) {
      const now = clock.now();
      const rows = await db
        .select()
        .from(dataExports)
        .where(eq(dataExports.userId, actor.id))
        .orderBy(desc(dataExports.requestedAt))
        .limit(20);
      return rows.map((r) => ({
        ...r,
        shownState: r.state === 'fertig' && r.expiresAt && r.expiresAt <= now ? ('abgelaufen' as const) : r.state,
      }));
    },

    /** A new request; one that is still being built counts instead of a second. */
    async request(actor: SessionUser): Promise<void> {
      const open = await db
        .select({ id: dataExports.id })
        .from(dataExports)
        .where(and(eq(dataExports.userId, actor.id), eq(dataExports.state, 'wird_erstellt')));
      if (open.length) return;
      await db.transaction(async (tx) => {
        const [row] = await tx.insert(dataExports).values({ userId: actor.id, requestedAt: clock.now() }).returning();
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'data.export_requested',
          subjectType: 'user',
          subjectId: actor.id,
        });
        await deps.jobs.enqueue(EXPORT_JOB, { exportId: row!.id }, { tx });
      });
      deps.jobs.kick(EXPORT_JOB);
    },

    /** The ZIP of one of one's own finished, unexpired exports; the download is logged. Undefined otherwise. */
    async download(actor: SessionUser, id: number) {
      const [row] = await db
        .select()
        .from(dataExports)
        .where(and(eq(dataExports.id, id), eq(dataExports.userId, actor.id), eq(dataExports.state, 'fertig')));
      if (!row?.storageKey || !row.expiresAt || row.expiresAt <= clock.now()) return undefined;
      await db.transaction(async (tx) => {
        await tx.update(dataExports).set({ downloadedAt: clock.now() }).where(eq(dataExports.id, id));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'data.export_downloaded',
          subjectType: 'user',
          subjectId: actor.id,
          details: { exportId: id },
        });
      });
      return { stream: await deps.files.stream(row.storageKey), size: row.size, requestedAt: row.requestedAt };
    },

    /** Expired exports go with their files (a housekeeping job); returns how many. */
    async deleteExpired(): Promise<number> {
      const gone = await db
        .delete(dataExports)
        .where(and(isNotNull(dataExports.expiresAt), lt(dataExports.expiresAt, clock.now())))
        .returning({ key: dataExports.storageKey });
      for (const g of gone) if (g.key) await deps.files.remove(g.key).catch(() => undefined);
      return gone.length;
    },
  };
}

/** What the database holds about a person (also what erasure counts before it acts). */
export { collectPersonData } from './collect';
