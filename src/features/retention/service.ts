import { addDays, addMonths, subMonths } from 'date-fns';
import { and, asc, count, countDistinct, desc, eq, inArray, isNull, like, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import { auditLog } from '../../platform/audit-table';
import { removeLetGo } from '../../platform/files/sweep';
import { recordAudit } from '../../platform/audit';
import { berlinToday } from '../../platform/time';
import { fullName } from '../../platform/names';
import { users } from '../accounts/table';
import { cohorts, offeringTrainers, offerings } from '../cohorts/table';
import { assignments, feedback, storedFiles, submissionVersions, submissions } from '../assignments/table';
import { removeHandInContent } from '../assignments/service';
import { enrolments, enrolmentImports } from '../enrolment/table';
import { attendance } from '../attendance/table';
import { certificates } from '../certificates/table';
import type { erasureService } from '../erasure/service';
import { readRetentionPolicy, type RetentionPolicy } from './policy';

export { PERIOD_NAMES, readRetentionPolicy, type RetentionPolicy } from './policy';
import { formatDate, t } from './texts';

/** How far ahead the SPI-Team's page looks for what falls due next. */
export const PREVIEW_DAYS = 30;
/** At most this many accounts per rule and run: a run stays short; the next day continues. */
const BATCH = 500;

export type RetentionSummary = {
  handIns: number;
  files: number;
  cohorts: number;
  invitations: number;
  warned: number;
  erased: number;
};

/**
 * The retention periods of content/aufbewahrung.md, applied: what is due, what comes next, and the daily run. Each step
 * re-checks inside its own transaction, so a run that stops half-way leaves nothing half-done and the next run
 * continues.
 */
export function retentionService(deps: {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  files: FileStore;
  contentDir: string;
  baseUrl: string;
  erasure: ReturnType<typeof erasureService>;
}) {
  const { db, clock } = deps;
  const policy = (): RetentionPolicy => readRetentionPolicy(deps.contentDir);

  // --- hand-ins: the work goes N months after the cohort ended ---------------------------------------------------

  /** The cohorts whose hand-ins are due by `day` (YYYY-MM-DD), with how much of their work is still there. */
  async function cohortsDueBy(day: string, months: number, fromDay?: string) {
    const dueOn = sql<string>`(${cohorts.endsOn} + make_interval(months => ${months}))::date`;
    const conditions: SQL[] = [isNull(submissions.contentRemovedAt), sql`${dueOn} <= ${day}::date`];
    if (fromDay) conditions.push(sql`${dueOn} > ${fromDay}::date`);
    const rows = await db
      .select({
        id: cohorts.id,
        name: cohorts.name,
        endsOn: cohorts.endsOn,
        dueOn: sql<string>`to_char(${dueOn}, 'YYYY-MM-DD')`,
        handIns: countDistinct(submissions.id),
      })
      .from(submissions)
      .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
      .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
      .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
      .where(and(...conditions))
      .groupBy(cohorts.id)
      .orderBy(asc(cohorts.endsOn), asc(cohorts.id));
    if (rows.length === 0) return [];
    const files = await fileCounts(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, files: files.get(r.id) ?? 0 }));
  }

  /** Stored files (of versions and of feedback) of the not yet removed hand-ins, per cohort. */
  async function fileCounts(cohortIds: number[]): Promise<Map<number, number>> {
    const handIns = db
      .select({ id: submissions.id, cohortId: offerings.cohortId })
      .from(submissions)
      .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
      .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
      .where(and(inArray(offerings.cohortId, cohortIds), isNull(submissions.contentRemovedAt)))
      .as('h');
    const ofVersions = db
      .select({ cohortId: handIns.cohortId, n: count(storedFiles.id).as('n') })
      .from(storedFiles)
      .innerJoin(submissionVersions, eq(submissionVersions.id, storedFiles.versionId))
      .innerJoin(handIns, eq(handIns.id, submissionVersions.submissionId))
      .groupBy(handIns.cohortId);
    const ofFeedback = db
      .select({ cohortId: handIns.cohortId, n: count(storedFiles.id).as('n') })
      .from(storedFiles)
      .innerJoin(feedback, eq(feedback.id, storedFiles.feedbackId))
      .innerJoin(handIns, eq(handIns.id, feedback.submissionId))
      .groupBy(handIns.cohortId);
    const out = new Map<number, number>();
    for (const r of [...(await ofVersions), ...(await ofFeedback)])
      out.set(r.cohortId, (out.get(r.cohortId) ?? 0) + Number(r.n));
    return out;
  }

  async function removeHandInsOf(cohort: { id: number; name: string }): Promise<{ handIns: number; files: number }> {
    const result = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: submissions.id })
        .from(submissions)
        .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
        .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
        .where(and(eq(offerings.cohortId, cohort.id), isNull(submissions.contentRemovedAt)));
      const keys = await removeHandInContent(
        tx,
        due.map((d) => d.id),
        clock.now(),
      );
      await recordAudit(tx, {
        actorId: null,
        action: 'retention.hand_ins_removed',
        subjectType: 'cohort',
        subjectId: cohort.id,
        details: { cohort: cohort.name, handIns: due.length, files: keys.length },
      });
      return { handIns: due.length, keys };
    });
    await removeLetGo(deps.files, result.keys, deps.logger);
    return { handIns: result.handIns, files: result.keys.length };
  }

  // --- accounts: invitations never taken up, accounts long unused -------------------------------------------------

  const lastActive = sql`coalesce(${users.lastSignInAt}, ${users.createdAt})`;
  const notStaff = ne(users.role, 'admin');
  /** Taking part in or teaching a cohort that has not ended: an account that must not go, used or not. */
  const inRunningCohort = (today: string) => sql`(exists (
    select 1 from ${enrolments} join ${cohorts} on ${cohorts.id} = ${enrolments.cohortId}
    where ${enrolments.userId} = ${users.id} and ${cohorts.endsOn} >= ${today}::date
      and ${enrolments.status} in ('nominiert', 'bestaetigt', 'warteliste'))
    or exists (
    select 1 from ${offeringTrainers} join ${offerings} on ${offerings.id} = ${offeringTrainers.offeringId}
      join ${cohorts} on ${cohorts.id} = ${offerings.cohortId}
    where ${offeringTrainers.userId} = ${users.id} and ${cohorts.endsOn} >= ${today}::date))`;
  const hasEvidence = sql`(exists (select 1 from ${attendance} where ${attendance.userId} = ${users.id})
    or exists (select 1 from ${certificates} where ${certificates.userId} = ${users.id}))`;

  const person = {
    id: users.id,
    firstName: users.firstName,
    lastName: users.lastName,
    email: users.email,
    role: users.role,
    lastSignInAt: users.lastSignInAt,
    createdAt: users.createdAt,
    warnedAt: users.inactivityWarnedAt,
  };

  /** Invited, never signed in, no password set, older than the period, and nothing that must keep them. */
  function invitationDue(now: Date, p: RetentionPolicy): SQL {
    const before = addDays(now, -p.invitationDays);
    return and(
      isNull(users.erasedAt),
      notStaff,
      isNull(users.passwordHash),
      isNull(users.lastSignInAt),
      lt(users.createdAt, before),
      sql`not ${inRunningCohort(berlinToday(now))}`,
      sql`not ${hasEvidence}`,
    )!;
  }

  /** Not used for the period less the warning time, not warned since the last use: to be told now. */
  function warningDue(now: Date, p: RetentionPolicy): SQL {
    return and(
      isNull(users.erasedAt),
      notStaff,
      sql`${lastActive} < ${monthsBefore(now, p.inactiveAccountMonths, p.inactivityWarningDays)}::timestamptz`,
      sql`(${users.inactivityWarnedAt} is null or ${users.inactivityWarnedAt} < ${lastActive})`,
      sql`not ${inRunningCohort(berlinToday(now))}`,
    )!;
  }

  /** Told at least the warning time ago, not used since, and unused for the whole period. */
  function inactiveDue(now: Date, p: RetentionPolicy): SQL {
    const warnedBefore = addDays(now, -p.inactivityWarningDays);
    return and(
      isNull(users.erasedAt),
      notStaff,
      sql`${users.inactivityWarnedAt} >= ${lastActive}`,
      lt(users.inactivityWarnedAt, warnedBefore),
      sql`${lastActive} < ${monthsBefore(now, p.inactiveAccountMonths, 0)}::timestamptz`,
      sql`not ${inRunningCohort(berlinToday(now))}`,
    )!;
  }

  /** Told, not yet due: who will be erased when, unless they sign in. */
  function announced(now: Date, p: RetentionPolicy): SQL {
    return and(
      isNull(users.erasedAt),
      notStaff,
      sql`${users.inactivityWarnedAt} >= ${lastActive}`,
      sql`not (${inactiveDue(now, p)})`,
    )!;
  }

  async function peopleWhere(where: SQL, limit = BATCH) {
    return db.select(person).from(users).where(where).orderBy(asc(users.id)).limit(limit);
  }

  /** The day an announced erasure is due: the warning time after the warning, and not before the period is over. */
  function erasureDay(p: RetentionPolicy, row: { lastSignInAt: Date | null; createdAt: Date; warnedAt: Date | null }) {
    const last = row.lastSignInAt ?? row.createdAt;
    const endOfPeriod = addMonths(last, p.inactiveAccountMonths);
    const afterWarning = addDays(row.warnedAt ?? last, p.inactivityWarningDays);
    return endOfPeriod > afterWarning ? endOfPeriod : afterWarning;
  }

  async function warn(p: RetentionPolicy, row: Awaited<ReturnType<typeof peopleWhere>>[number]): Promise<boolean> {
    const now = clock.now();
    return db.transaction(async (tx) => {
      const [still] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, row.id), warningDue(now, p)))
        .for('update');
      if (!still) return false;
      await tx.update(users).set({ inactivityWarnedAt: now }).where(eq(users.id, row.id));
      await recordAudit(tx, {
        actorId: null,
        action: 'retention.inactivity_warned',
        subjectType: 'user',
        subjectId: row.id,
      });
      const last = row.lastSignInAt ?? row.createdAt;
      await deps.mailer.send(
        {
          to: row.email,
          subject: t('retentionMail.warningSubject'),
          text:
            t(row.lastSignInAt ? 'retentionMail.warningBody' : 'retentionMail.warningBodyNever', {
              name: fullName(row),
              since: formatDate(last),
              date: formatDate(erasureDay(p, { ...row, warnedAt: now })),
              link: `${deps.baseUrl}/login`,
              reset: `${deps.baseUrl}/password/forgot`,
            }) + t('common.mailSignature'),
        },
        tx,
      );
      return true;
    });
  }

  async function staleImports(p: RetentionPolicy, now: Date): Promise<number> {
    const [row] = await db
      .select({ n: count() })
      .from(enrolmentImports)
      .where(lt(enrolmentImports.createdAt, new Date(now.getTime() - p.listImportHours * 3_600_000)));
    return row?.n ?? 0;
  }

  return {
    policy,

    /** The age after which an unconfirmed list import goes (the hourly `imports-stale` job uses it). */
    importMaxAgeMs: () => policy().listImportHours * 3_600_000,

    /** What is due now and what falls due within PREVIEW_DAYS, for the SPI-Team's page. */
    async overview() {
      const p = policy();
      const now = clock.now();
      const today = berlinToday(now);
      const ahead = addDays(now, PREVIEW_DAYS);
      const [handIns, handInsNext, invitations, warnings, erasures, told, imports] = await Promise.all([
        cohortsDueBy(today, p.handInMonthsAfterCohortEnd),
        cohortsDueBy(berlinToday(ahead), p.handInMonthsAfterCohortEnd, today),
        peopleWhere(invitationDue(now, p)),
        peopleWhere(warningDue(now, p)),
        peopleWhere(inactiveDue(now, p)),
        peopleWhere(announced(now, p)),
        staleImports(p, now),
      ]);
      return {
        policy: p,
        handIns,
        handInsNext,
        invitations: invitations.map((r) => ({ ...r, dueOn: addDays(r.createdAt, p.invitationDays) })),
        warnings,
        erasures,
        announced: told.map((r) => ({ ...r, erasureOn: erasureDay(p, r) })),
        imports,
      };
    },

    /** What the runs did, newest first: the audit entries of the retention rules. */
    async history(limit = 100) {
      const rows = await db
        .select({
          at: auditLog.at,
          action: auditLog.action,
          subjectType: auditLog.subjectType,
          subjectId: auditLog.subjectId,
          details: auditLog.details,
          firstName: users.firstName,
          lastName: users.lastName,
        })
        .from(auditLog)
        .leftJoin(users, and(eq(auditLog.subjectType, 'user'), eq(users.id, auditLog.subjectId)))
        .where(like(auditLog.action, 'retention.%'))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit);
      return rows;
    },

    /**
     * The daily run: hand-in contents of cohorts past their period, invitations never taken up, warnings, the
     * erasure of accounts warned long enough ago, then new warnings. Returns what it did. (Unconfirmed list imports go
     * hourly, by `imports-stale`, with the period set here.)
     */
    async apply(): Promise<RetentionSummary> {
      const p = policy();
      const now = clock.now();
      const summary: RetentionSummary = {
        handIns: 0,
        files: 0,
        cohorts: 0,
        invitations: 0,
        warned: 0,
        erased: 0,
      };
      for (const cohort of await cohortsDueBy(berlinToday(now), p.handInMonthsAfterCohortEnd)) {
        const done = await removeHandInsOf(cohort);
        summary.cohorts++;
        summary.handIns += done.handIns;
        summary.files += done.files;
      }
      for (const row of await peopleWhere(invitationDue(now, p)))
        if (
          await deps.erasure.eraseUnused(row.id, 'retention.invitation_erased', async (tx) =>
            hasRow(tx, row.id, invitationDue(now, p)),
          )
        )
          summary.invitations++;
      // erasures first: a person warned a month ago is not warned again on the day they go
      for (const row of await peopleWhere(inactiveDue(now, p)))
        if (
          await deps.erasure.eraseUnused(row.id, 'retention.inactive_erased', async (tx) =>
            hasRow(tx, row.id, inactiveDue(now, p)),
          )
        )
          summary.erased++;
      for (const row of await peopleWhere(warningDue(now, p))) if (await warn(p, row)) summary.warned++;
      return summary;
    },
  };
}

async function hasRow(tx: Db, id: number, where: SQL): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), where));
  return Boolean(row);
}

/** `months` calendar months (less `days` days) before `now`, as an ISO instant. */
function monthsBefore(now: Date, months: number, days: number): string {
  return addDays(subMonths(now, months), days).toISOString();
}
