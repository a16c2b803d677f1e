import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { canHandIn, reachAssignment } from './access';
import { storedFiles, submissions, submissionVersions } from './table';
import type { Deps } from './service';
import { checkUploads, withStoredFiles, type Upload } from './uploads';
import { versionsOf } from './history';

/** A trainee's own work on an assignment: the draft, the hand-in, the history. */
export function handIn({ db, clock, files }: Pick<Deps, 'db' | 'clock' | 'files'>) {
  /** The trainee's own submission with its history (versions, files, feedback as a conversation). */
  async function mine(actor: SessionUser, assignmentId: number) {
    const a = await reachAssignment(db, actor, assignmentId);
    if (!canHandIn(a)) throw new NotFound();
    const [sub] = await db
      .select()
      .from(submissions)
      .where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, actor.id)));
    const versions = sub ? await versionsOf(db, sub.id) : [];
    const now = clock.now();
    const closed = !!a.assignment.cutoffAt && a.assignment.cutoffAt <= now;
    const graded = sub?.state === 'bestanden' || sub?.state === 'nicht_bestanden';
    return {
      ...a,
      submission: sub,
      versions,
      draft: versions.find((v) => !v.submittedAt),
      canWork: !closed && !graded && sub?.state !== 'abgegeben',
      closed,
      graded,
    };
  }

  /**
   * Saves the draft (text, new files, removed files) and, with submit, hands it in. Files are checked first, written
   * only then, and removed again if the database refuses; a handed-in version never changes afterwards.
   */
  async function work(
    actor: SessionUser,
    assignmentId: number,
    input: { text: string; submit: boolean; removeFile: number[] },
    uploads: Upload[],
  ): Promise<{ submitted: boolean; lateMinutes: number | null }> {
    const m = await mine(actor, assignmentId);
    if (m.graded) throw new Conflict(t('assignments.msg.graded'));
    // handed in and not yet answered: the version being read does not change under the trainer's eyes
    if (m.submission?.state === 'abgegeben') throw new Conflict(t('assignments.msg.awaitingFeedback'));
    if (m.closed) throw new Conflict(t('assignments.msg.closed'));
    const a = m.assignment;
    if (!a.expectsFile && uploads.length > 0) throw FormError.field('files', t('assignments.msg.noFilesExpected'));
    const keptFiles = (m.draft?.files ?? []).filter((f) => !input.removeFile.includes(f.id));
    const checked = await checkUploads(uploads, a, keptFiles.length);
    const now = clock.now();
    if (input.submit) {
      if (a.expectsFile && keptFiles.length + checked.length === 0)
        throw FormError.field('files', t('assignments.msg.fileRequired'));
      if (a.expectsText && input.text.trim() === '') throw FormError.field('text', t('assignments.msg.textRequired'));
    }
    const result = await withStoredFiles(files, checked, async (stored) =>
      db.transaction(async (tx) => {
        let [sub] = await tx
          .select()
          .from(submissions)
          .where(and(eq(submissions.assignmentId, a.id), eq(submissions.userId, actor.id)))
          .for('update');
        if (!sub)
          [sub] = await tx
            .insert(submissions)
            .values({ assignmentId: a.id, userId: actor.id, state: 'entwurf' })
            .returning();
        if (sub!.state === 'bestanden' || sub!.state === 'nicht_bestanden')
          throw new Conflict(t('assignments.msg.graded'));
        let [draft] = await tx
          .select()
          .from(submissionVersions)
          .where(and(eq(submissionVersions.submissionId, sub!.id), isNull(submissionVersions.submittedAt)));
        if (!draft) {
          const [last] = await tx
            .select({ n: sql<number>`coalesce(max(${submissionVersions.number}), 0)::int` })
            .from(submissionVersions)
            .where(eq(submissionVersions.submissionId, sub!.id));
          [draft] = await tx
            .insert(submissionVersions)
            .values({ submissionId: sub!.id, number: last!.n + 1, text: input.text })
            .returning();
        }
        const lateMinutes =
          input.submit && now > a.dueAt ? Math.ceil((now.getTime() - a.dueAt.getTime()) / 60_000) : null;
        await tx
          .update(submissionVersions)
          .set({ text: input.text, ...(input.submit ? { submittedAt: now, lateMinutes } : {}) })
          .where(eq(submissionVersions.id, draft!.id));
        if (input.removeFile.length)
          await tx
            .delete(storedFiles)
            .where(and(eq(storedFiles.versionId, draft!.id), inArray(storedFiles.id, input.removeFile)));
        if (stored.length)
          await tx.insert(storedFiles).values(
            stored.map((s) => ({
              versionId: draft!.id,
              storageKey: s.key,
              originalName: s.name,
              kind: s.kind,
              size: s.size,
              sha256: s.sha256,
            })),
          );
        await tx
          .update(submissions)
          .set(
            input.submit
              ? { state: 'abgegeben', submittedAt: now, updatedAt: now }
              : {
                  state: sub!.state === 'abgegeben' || sub!.state === 'ueberarbeiten' ? sub!.state : 'entwurf',
                  updatedAt: now,
                },
          )
          .where(eq(submissions.id, sub!.id));
        if (input.submit)
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'submission.handed_in',
            subjectType: 'user',
            subjectId: actor.id,
            details: { assignmentId: a.id, version: draft!.number, lateMinutes },
          });
        return { submitted: input.submit, lateMinutes };
      }),
    );
    // Draft files the person removed: once no row refers to them, the files-orphaned job removes them within hours.
    // Not at once: a backup running now may still copy them for the snapshot it took.
    return result;
  }

  return {
    mine,

    /** Keeps working on the current version (text, files added or removed); nothing is handed in. */
    saveDraft: (
      actor: SessionUser,
      assignmentId: number,
      input: { text: string; removeFile: number[] },
      uploads: Upload[],
    ) => work(actor, assignmentId, { ...input, submit: false }, uploads),

    /** Hands the current version in, with what this request adds: it never changes afterwards. */
    handIn: (
      actor: SessionUser,
      assignmentId: number,
      input: { text: string; removeFile: number[] },
      uploads: Upload[],
    ) => work(actor, assignmentId, { ...input, submit: true }, uploads),
  };
}
