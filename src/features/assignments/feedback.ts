import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { cohorts, offerings } from '../cohorts/table';
import { canTeachOffering, reachAssignment } from './access';
import { assignments, feedback, storedFiles, submissions, submissionVersions, type FeedbackDecision } from './table';
import { fullName } from '../../platform/names';
import type { Deps } from './service';
import { checkUploads, withStoredFiles, type Upload } from './uploads';
import { versionsOf } from './history';

/** The trainers' side: what waits to be read, one submission, and the feedback on it. */
export function feedbackGiving(deps: Deps) {
  const { db, clock, files } = deps;
  /** One person's submission for the offering's trainers and the SPI-Team. */
  async function submissionFor(actor: SessionUser, submissionId: number) {
    if (!Number.isInteger(submissionId)) throw new NotFound();
    const [sub] = await db.select().from(submissions).where(eq(submissions.id, submissionId));
    if (!sub) throw new NotFound();
    const a = await reachAssignment(db, actor, sub.assignmentId);
    if (!canTeachOffering(a)) throw new NotFound();
    const [person] = await db
      .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
      .from(users)
      .where(eq(users.id, sub.userId));
    return { ...a, submission: sub, person: person!, versions: await versionsOf(db, sub.id) };
  }

  return {
    /** "Zu bewerten": handed-in work of the offerings this person teaches (SPI-Team: all), oldest first. */
    queue(actor: SessionUser) {
      const mine =
        actor.role === 'admin'
          ? undefined
          : sql`${offerings.id} in (select offering_id from offering_trainers where user_id = ${actor.id})`;
      return db
        .select({
          submission: submissions,
          assignment: { id: assignments.id, title: assignments.title, dueAt: assignments.dueAt },
          person: { firstName: users.firstName, lastName: users.lastName },
          moduleTitle: modules.title,
          cohortName: cohorts.name,
        })
        .from(submissions)
        .innerJoin(assignments, eq(assignments.id, submissions.assignmentId))
        .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
        .innerJoin(modules, eq(modules.id, offerings.moduleId))
        .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
        .innerJoin(users, eq(users.id, submissions.userId))
        .where(and(eq(submissions.state, 'abgegeben'), mine))
        .orderBy(asc(submissions.submittedAt), asc(submissions.id));
    },

    submissionFor,

    /** A grade or a return for revision, on the newest handed-in version; the trainee is e-mailed. */
    async giveFeedback(
      actor: SessionUser,
      submissionId: number,
      input: { decision: FeedbackDecision; points?: number; text: string },
      uploads: Upload[],
    ): Promise<{ decision: FeedbackDecision }> {
      const s = await submissionFor(actor, submissionId);
      const a = s.assignment;
      let decision = input.decision;
      let points: number | null = null;
      if (a.grading === 'punkte' && decision !== 'ueberarbeiten') {
        if (input.points === undefined) throw FormError.field('points', t('assignments.msg.pointsRequired'));
        if (input.points > a.maxPoints!)
          throw FormError.field('points', t('assignments.msg.pointsAboveMax', { max: a.maxPoints! }));
        points = input.points;
        decision = points >= a.passPoints! ? 'bestanden' : 'nicht_bestanden';
      }
      const checked = await checkUploads(
        uploads,
        {
          allowedKinds: ['pdf', 'docx', 'odt', 'xlsx', 'ods', 'pptx', 'odp', 'jpg', 'png', 'txt'],
          maxFileMb: 20,
          maxFiles: 5,
        },
        0,
      );
      const now = clock.now();
      await withStoredFiles(files, checked, async (stored) =>
        db.transaction(async (tx) => {
          const [sub] = await tx.select().from(submissions).where(eq(submissions.id, submissionId)).for('update');
          if (sub!.state !== 'abgegeben') throw new Conflict(t('assignments.msg.notHandedIn'));
          const [latest] = await tx
            .select()
            .from(submissionVersions)
            .where(
              and(
                eq(submissionVersions.submissionId, submissionId),
                sql`${submissionVersions.submittedAt} is not null`,
              ),
            )
            .orderBy(desc(submissionVersions.number))
            .limit(1);
          const [fb] = await tx
            .insert(feedback)
            .values({
              submissionId,
              versionNumber: latest!.number,
              authorId: actor.id,
              decision,
              points,
              text: input.text,
              createdAt: now,
            })
            .returning({ id: feedback.id });
          if (stored.length)
            await tx.insert(storedFiles).values(
              stored.map((x) => ({
                feedbackId: fb!.id,
                storageKey: x.key,
                originalName: x.name,
                kind: x.kind,
                size: x.size,
                sha256: x.sha256,
              })),
            );
          await tx
            .update(submissions)
            .set({ state: decision, points, updatedAt: now })
            .where(eq(submissions.id, submissionId));
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'submission.feedback',
            subjectType: 'user',
            subjectId: s.person.id,
            details: { assignmentId: a.id, version: latest!.number, decision, points },
          });
        }),
      );
      const mail = {
        to: s.person.email,
        subject: t('assignments.mail.subject', { title: a.title }),
        text:
          t('assignments.mail.body', {
            name: fullName(s.person),
            title: a.title,
            decision: t(`assignments.decisions.${decision}`),
            link: `${deps.baseUrl}/assignments/${a.id}`,
          }) + t('common.mailSignature'),
      };
      await deps.mailer.send(mail).catch((err: unknown) => deps.logger.warn({ err }, 'feedback mail not sent'));
      return { decision };
    },
  };
}
