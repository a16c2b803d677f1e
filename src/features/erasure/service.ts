import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import type { SessionUser } from '../../platform/auth/session-user';
import { recordAudit } from '../../platform/audit';
import { removeLetGo } from '../../platform/files/sweep';
import { Conflict, NotFound } from '../../platform/errors';
import { fullName } from '../../platform/names';
import { users } from '../accounts/table';
import type { accountsService } from '../accounts/service';
import { answerDeadline } from '../legal/service';
import { collectPersonData } from '../my-data/service';
import { eraseRecords } from './erase';
import { erasureRequests } from './table';
import { formatDate, t } from './texts';

/** Parts that stay, minimised, when a person is erased (docs/datenkarte.md). */
export const KEPT_SECTIONS = new Set([
  'enrolments.user_id',
  'attendance.user_id',
  'attendance_changes.user_id',
  'certificates.user_id',
  'audit_log',
  // the request itself, without its note: the record that the erasure was asked for and done
  'erasure_requests.user_id',
]);

export function erasureService(deps: {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  files: FileStore;
  accounts: ReturnType<typeof accountsService>;
  baseUrl: string;
}) {
  const { db, clock } = deps;

  async function openOf(userId: number) {
    const [row] = await db
      .select()
      .from(erasureRequests)
      .where(and(eq(erasureRequests.userId, userId), eq(erasureRequests.state, 'offen')));
    return row;
  }

  /** What erasure does inside the caller's transaction: the records (docs/datenkarte.md), then the account itself. */
  async function eraseInside(tx: Db, person: { id: number; email: string }): Promise<string[]> {
    const keys = await eraseRecords(tx, person.id, person.email);
    await deps.accounts.anonymise(tx, person.id);
    return keys;
  }

  /** Files go once the transaction has committed; one that cannot be removed now is left to the orphan sweep. */
  const removeFiles = (keys: string[]) => removeLetGo(deps.files, keys, deps.logger);

  async function reachable(id: number) {
    const [row] = await db
      .select({ request: erasureRequests, person: users })
      .from(erasureRequests)
      .innerJoin(users, eq(users.id, erasureRequests.userId))
      .where(eq(erasureRequests.id, id));
    if (!row) throw new NotFound();
    return { ...row, deadline: answerDeadline(row.request.requestedAt) };
  }

  return {
    openOf: async (userId: number) => {
      const row = await openOf(userId);
      return row && { ...row, deadline: answerDeadline(row.requestedAt) };
    },

    /** A request; a second one while one is open changes nothing. The SPI-Team is told in the same transaction. */
    async request(actor: SessionUser, reason: string): Promise<Date> {
      const open = await openOf(actor.id);
      if (open) return answerDeadline(open.requestedAt);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(erasureRequests)
          .values({ userId: actor.id, reason, requestedAt: now })
          .returning();
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'erasure.requested',
          subjectType: 'user',
          subjectId: actor.id,
        });
        const team = await tx
          .select({ email: users.email })
          .from(users)
          .where(
            and(eq(users.role, 'admin'), eq(users.active, true), isNotNull(users.passwordHash), ne(users.id, actor.id)),
          );
        for (const member of team)
          await deps.mailer.send(
            {
              to: member.email,
              subject: t('erasureMail.teamSubject'),
              text:
                t('erasureMail.teamBody', {
                  name: fullName(actor),
                  reason: reason || '–',
                  deadline: formatDate(answerDeadline(now)),
                  link: `${deps.baseUrl}/admin/erasure/${row!.id}`,
                }) + t('common.mailSignature'),
            },
            tx,
          );
      });
      return answerDeadline(now);
    },

    async list() {
      const rows = await db
        .select({ request: erasureRequests, person: { firstName: users.firstName, lastName: users.lastName } })
        .from(erasureRequests)
        .innerJoin(users, eq(users.id, erasureRequests.userId))
        .orderBy(asc(erasureRequests.requestedAt))
        .limit(500);
      const now = clock.now();
      const all = rows.map((r) => {
        const deadline = answerDeadline(r.request.requestedAt);
        return { ...r, deadline, overdue: r.request.state === 'offen' && deadline < now };
      });
      return {
        open: all.filter((r) => r.request.state === 'offen'),
        decided: all.filter((r) => r.request.state !== 'offen').reverse(),
      };
    },

    /** The request with what erasure would remove and keep, counted from the person's data. */
    async detail(id: number) {
      const found = await reachable(id);
      const data = await collectPersonData(db, found.person.id);
      const parts = Object.entries(data.sections).map(([name, rows]) => ({
        name,
        count: rows.length,
        kept: KEPT_SECTIONS.has(name),
      }));
      return { ...found, parts, files: data.files.filter((f) => !f.path.startsWith('bescheinigungen/')).length };
    },

    /** Erases the person as docs/datenkarte.md says, tells them at their address, and removes their files. */
    async erase(actor: SessionUser, id: number): Promise<string> {
      const { request, person } = await reachable(id);
      if (request.state !== 'offen') throw new Conflict(t('erasure.states.' + request.state));
      if (person.id === actor.id) throw new Conflict(t('erasure.notOwn'));
      const name = fullName(person);
      const keys = await db.transaction(async (tx) => {
        const keys = await eraseInside(tx, person);
        await tx
          .update(erasureRequests)
          .set({ state: 'geloescht', decidedAt: clock.now(), decidedById: actor.id, reason: '' })
          .where(eq(erasureRequests.id, id));
        await recordAudit(tx, { actorId: actor.id, action: 'user.erased', subjectType: 'user', subjectId: person.id });
        // the last mail to this address (Art. 19 DSGVO), queued after its other mails were removed
        await deps.mailer.send(
          {
            to: person.email,
            subject: t('erasureMail.doneSubject'),
            text: t('erasureMail.doneBody', { name }) + t('common.mailSignature'),
          },
          tx,
        );
        return keys;
      });
      await removeFiles(keys);
      return name;
    },

    /**
     * Erasure without a request, by the retention rules (an invitation never taken up, an account long unused): the
     * same as on request, done by nobody, and only if `stillDue` says so inside the transaction (a sign-in a moment
     * before wins). An open request of the person is closed as done. Returns whether the person was erased.
     */
    async eraseUnused(userId: number, action: string, stillDue: (tx: Db) => Promise<boolean>): Promise<boolean> {
      const keys = await db.transaction(async (tx) => {
        const [person] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
        if (!person || person.erasedAt || !(await stillDue(tx))) return null;
        const keys = await eraseInside(tx, person);
        await tx
          .update(erasureRequests)
          .set({ state: 'geloescht', decidedAt: clock.now(), reason: '' })
          .where(and(eq(erasureRequests.userId, userId), eq(erasureRequests.state, 'offen')));
        await recordAudit(tx, { actorId: null, action, subjectType: 'user', subjectId: userId });
        return keys;
      });
      if (!keys) return false;
      await removeFiles(keys);
      return true;
    },

    async refuse(actor: SessionUser, id: number, note: string): Promise<void> {
      const { request, person } = await reachable(id);
      if (request.state !== 'offen') throw new Conflict(t('erasure.states.' + request.state));
      if (person.id === actor.id) throw new Conflict(t('erasure.notOwn'));
      await db.transaction(async (tx) => {
        await tx
          .update(erasureRequests)
          .set({ state: 'abgelehnt', decidedAt: clock.now(), decidedById: actor.id, decisionNote: note })
          .where(eq(erasureRequests.id, id));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'erasure.refused',
          subjectType: 'user',
          subjectId: person.id,
        });
        await deps.mailer.send(
          {
            to: person.email,
            subject: t('erasureMail.refusedSubject'),
            text: t('erasureMail.refusedBody', { name: fullName(person), note }) + t('common.mailSignature'),
          },
          tx,
        );
      });
    },
  };
}
