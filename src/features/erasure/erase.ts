import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { auditLog } from '../../platform/audit-table';
import { mailOutbox } from '../../platform/mail/table';
import { mfaPasskeys, mfaRecoveryCodes, mfaTotp } from '../mfa/table';
import { lessonProgress } from '../learning/table';
import { calendarFeeds } from '../calendar/table';
import { atRiskMessages } from '../at-risk/table';
import { attendance, attendanceChanges } from '../attendance/table';
import { submissions } from '../assignments/table';
import { deleteHandIns } from '../assignments/service';
import { dataExports } from '../my-data/table';

/**
 * What erasure does, table by table, as docs/datenkarte.md says: removes what no duty keeps; keeps enrolments,
 * attendance (without notes) and the certificate register, which the funder's rules and verification need; the account
 * itself is anonymised by accounts.anonymise(). Returns the file keys to remove once the transaction has committed.
 */
export async function eraseRecords(tx: Db, userId: number, email: string): Promise<string[]> {
  const keys: string[] = [];
  const own = await tx.select({ id: submissions.id }).from(submissions).where(eq(submissions.userId, userId));
  keys.push(
    ...(await deleteHandIns(
      tx,
      own.map((s) => s.id),
    )),
  );
  const exports = await tx
    .delete(dataExports)
    .where(eq(dataExports.userId, userId))
    .returning({ key: dataExports.storageKey });
  keys.push(...exports.flatMap((e) => (e.key ? [e.key] : [])));
  await tx.delete(mfaTotp).where(eq(mfaTotp.userId, userId));
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx.delete(mfaPasskeys).where(eq(mfaPasskeys.userId, userId));
  await tx.delete(lessonProgress).where(eq(lessonProgress.userId, userId));
  await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  await tx.delete(atRiskMessages).where(eq(atRiskMessages.userId, userId));
  await tx.delete(mailOutbox).where(sql`lower(${mailOutbox.recipient}) = lower(${email})`);
  // kept for the funder, without what a trainer wrote about the person
  await tx.update(attendance).set({ note: '' }).where(eq(attendance.userId, userId));
  await tx.update(attendanceChanges).set({ fromNote: null, toNote: null }).where(eq(attendanceChanges.userId, userId));
  // the log keeps that something happened, not the names and addresses it recorded about the person
  await tx
    .update(auditLog)
    .set({ details: {} })
    .where(or(and(eq(auditLog.subjectType, 'user'), eq(auditLog.subjectId, userId)), eq(auditLog.actorId, userId)));
  return keys;
}
