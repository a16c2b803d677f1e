import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Mailer } from '../../platform/mail/mailer';
import { t } from '../../platform/i18n';
import { users } from '../accounts/table';
import { cohorts } from '../cohorts/table';
import { cohortAttendance } from './queries';
import { completionWarnings } from './table';

/**
 * After attendance changed: whoever can no longer meet the completion rule gets one e-mail, and so do their
 * municipality's coordinators. Once per person and cohort, never again (the row is written before the mail goes out).
 */
export async function warnUnreachable(deps: { db: Db; mailer: Mailer; logger: Logger; baseUrl: string }, cohortId: number, now: Date, onlyUserIds?: number[]): Promise<number> {
  const { db } = deps;
  const data = await cohortAttendance(db, cohortId, now);
  const lost = data.rows.filter((r) => !r.ledger.reachable && ['nominiert', 'bestaetigt'].includes(r.enrolment.status) && (!onlyUserIds || onlyUserIds.includes(r.person.id)));
  if (lost.length === 0) return 0;
  const already = new Set(
    (await db.select({ userId: completionWarnings.userId }).from(completionWarnings).where(and(eq(completionWarnings.cohortId, cohortId), inArray(completionWarnings.userId, lost.map((r) => r.person.id))))).map((r) => r.userId),
  );
  const fresh = lost.filter((r) => !already.has(r.person.id));
  if (fresh.length === 0) return 0;
  const inserted = await db.insert(completionWarnings).values(fresh.map((r) => ({ cohortId, userId: r.person.id, sentAt: now }))).onConflictDoNothing().returning({ userId: completionWarnings.userId });
  const toMail = fresh.filter((r) => inserted.some((i) => i.userId === r.person.id));
  const [cohort] = await db.select().from(cohorts).where(eq(cohorts.id, cohortId));
  const coordinators = await db
    .select()
    .from(users)
    .where(and(eq(users.role, 'coordinator'), eq(users.active, true), inArray(users.municipalityId, toMail.map((r) => r.municipalityId))));
  for (const r of toMail) {
    const name = `${r.person.firstName} ${r.person.lastName}`;
    const details = t('attendance.mail.details', { praesenz: r.ledger.praesenzDone, praesenzOffered: r.ledger.praesenzOffered, online: r.ledger.onlineDone, onlineOffered: r.ledger.onlineOffered, ue: String(r.ledger.ueAttended).replace('.', ','), total: r.ledger.ueScheduled });
    const mails = [
      { to: r.person.email, subject: t('attendance.mail.subject', { cohort: cohort!.name }), text: t('attendance.mail.body', { name, cohort: cohort!.name, details, link: `${deps.baseUrl}/attendance` }) + t('mail.signature') },
      ...coordinators
        .filter((c) => c.municipalityId === r.municipalityId)
        .map((c) => ({
          to: c.email,
          subject: t('attendance.mail.coordinatorSubject', { person: name, cohort: cohort!.name }),
          text: t('attendance.mail.coordinatorBody', { name: `${c.firstName} ${c.lastName}`, person: name, cohort: cohort!.name, details, link: `${deps.baseUrl}/cohorts/${cohortId}/attendance` }) + t('mail.signature'),
        })),
    ];
    for (const m of mails) await deps.mailer.send(m).catch((err: unknown) => deps.logger.warn({ err, to: m.to }, 'completion warning not sent'));
  }
  return toMail.length;
}
