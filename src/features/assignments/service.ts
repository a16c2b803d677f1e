import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import { sniff, ZipBombError, type FileKind } from '../../platform/files/sniff';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound } from '../../platform/errors';
import { t } from './texts';
import { berlinInstant } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { cohorts, offerings } from '../cohorts/table';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { canHandIn, canSeeHandInContent, canTeachOffering, reachAssignment, reachOffering } from './access';
import type { AssignmentInput } from './schemas';
import { assignments, feedback, storedFiles, submissions, submissionVersions, type FeedbackDecision } from './table';
import { fullName } from '../../platform/names';

export type Upload = { originalname: string; buffer: Buffer; size: number };

/** A name as people gave it, without any path and without control characters; kept only as data. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return (
    base
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .slice(0, 200) || 'datei'
  );
}

function toValues(input: AssignmentInput) {
  return {
    title: input.title,
    instructions: input.instructions,
    dueAt: berlinInstant(input.dueDate, input.dueTime),
    cutoffAt: input.cutoffDate && input.cutoffTime ? berlinInstant(input.cutoffDate, input.cutoffTime) : null,
    expectsFile: input.expectsFile,
    expectsText: input.expectsText,
    allowedKinds: input.expectsFile ? input.allowedKinds : [],
    maxFileMb: input.maxFileMb,
    maxFiles: input.maxFiles,
    grading: input.grading,
    maxPoints: input.grading === 'punkte' ? (input.maxPoints ?? null) : null,
    passPoints: input.grading === 'punkte' ? (input.passPoints ?? null) : null,
    required: input.required,
  };
}

export function assignmentsService(deps: {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  files: FileStore;
  baseUrl: string;
}) {
  const { db, clock, files } = deps;

  /** Checks every upload (count, size, kind by content) before a single byte is written. */
  async function checkUploads(
    uploads: Upload[],
    rules: { allowedKinds: FileKind[]; maxFileMb: number; maxFiles: number },
    existing: number,
  ) {
    if (existing + uploads.length > rules.maxFiles)
      throw FormError.field('files', t('upload.tooMany', { max: rules.maxFiles }));
    const checked: Array<Upload & { kind: FileKind; name: string }> = [];
    for (const u of uploads) {
      const name = cleanName(u.originalname);
      if (u.size === 0) throw FormError.field('files', t('assignments.msg.fileEmpty', { name }));
      if (u.size > rules.maxFileMb * 1024 * 1024)
        throw FormError.field('files', t('assignments.msg.fileTooLarge', { name, mb: rules.maxFileMb }));
      let kind: FileKind | undefined;
      try {
        kind = await sniff(u.buffer);
      } catch (err) {
        if (err instanceof ZipBombError) throw FormError.field('files', t('assignments.msg.fileInflates', { name }));
        throw err;
      }
      if (!kind || !rules.allowedKinds.includes(kind)) {
        throw FormError.field(
          'files',
          t('assignments.msg.fileKind', { name, kinds: rules.allowedKinds.map((k) => k.toUpperCase()).join(', ') }),
        );
      }
      checked.push({ ...u, kind, name });
    }
    return checked;
  }

  /** Writes checked files, then runs `work`; if the database part fails, the written files are removed again. */
  async function withStoredFiles<T>(
    checked: Array<Upload & { kind: FileKind; name: string }>,
    work: (stored: Array<{ key: string; name: string; kind: FileKind; size: number; sha256: string }>) => Promise<T>,
  ): Promise<T> {
    const stored: Array<{ key: string; name: string; kind: FileKind; size: number; sha256: string }> = [];
    try {
      for (const c of checked)
        stored.push({
          key: await files.put(c.buffer),
          name: c.name,
          kind: c.kind,
          size: c.size,
          sha256: crypto.createHash('sha256').update(c.buffer).digest('hex'),
        });
      return await work(stored);
    } catch (err) {
      await Promise.all(stored.map((s) => files.remove(s.key).catch(() => undefined)));
      throw err;
    }
  }

  async function versionsOf(submissionId: number) {
    const versions = await db
      .select()
      .from(submissionVersions)
      .where(eq(submissionVersions.submissionId, submissionId))
      .orderBy(asc(submissionVersions.number));
    const ids = versions.map((v) => v.id);
    const fileRows = ids.length
      ? await db.select().from(storedFiles).where(inArray(storedFiles.versionId, ids)).orderBy(asc(storedFiles.id))
      : [];
    const fb = await db
      .select({ feedback, author: sql<string>`coalesce(${users.firstName} || ' ' || ${users.lastName}, '')` })
      .from(feedback)
      .leftJoin(users, eq(users.id, feedback.authorId))
      .where(eq(feedback.submissionId, submissionId))
      .orderBy(asc(feedback.id));
    const fbIds = fb.map((f) => f.feedback.id);
    const fbFiles = fbIds.length
      ? await db.select().from(storedFiles).where(inArray(storedFiles.feedbackId, fbIds)).orderBy(asc(storedFiles.id))
      : [];
    return versions.map((v) => ({
      ...v,
      files: fileRows.filter((f) => f.versionId === v.id),
      feedback: fb
        .filter((f) => f.feedback.versionNumber === v.number)
        .map((f) => ({
          ...f.feedback,
          author: f.author,
          files: fbFiles.filter((x) => x.feedbackId === f.feedback.id),
        })),
    }));
  }

  /** The trainee's own submission with its history (versions, files, feedback as a conversation). */
  async function mine(actor: SessionUser, assignmentId: number) {
    const a = await reachAssignment(db, actor, assignmentId);
    if (!canHandIn(a)) throw new NotFound();
    const [sub] = await db
      .select()
      .from(submissions)
      .where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, actor.id)));
    const versions = sub ? await versionsOf(sub.id) : [];
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
    const removedKeys = (m.draft?.files ?? []).filter((f) => input.removeFile.includes(f.id)).map((f) => f.storageKey);
    const result = await withStoredFiles(checked, async (stored) =>
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
    // Draft files the person removed are gone for good once the database no longer knows them.
    await Promise.all(removedKeys.map((k) => files.remove(k).catch(() => undefined)));
    return result;
  }

  return {
    reach: (actor: SessionUser, id: number) => reachAssignment(db, actor, id),

    /** The module folder of an offering in content/, where its assignment templates live. */
    moduleDirOf: async (offeringId: number) =>
      (
        await db
          .select({ dir: modules.sourceDir })
          .from(offerings)
          .innerJoin(modules, eq(modules.id, offerings.moduleId))
          .where(eq(offerings.id, offeringId))
      )[0]?.dir ?? '',

    async forOffering(actor: SessionUser, offeringId: number) {
      const scope = await reachOffering(db, actor, offeringId);
      return {
        scope,
        list: await db
          .select()
          .from(assignments)
          .where(eq(assignments.offeringId, offeringId))
          .orderBy(asc(assignments.dueAt)),
      };
    },

    /** The trainers of the offering and the SPI-Team set assignments. */
    async create(actor: SessionUser, offeringId: number, input: AssignmentInput): Promise<number> {
      const scope = await reachOffering(db, actor, offeringId);
      if (!canTeachOffering(scope)) throw new NotFound();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(assignments)
          .values({ offeringId, ...toValues(input), createdById: actor.id })
          .returning({ id: assignments.id });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'assignment.created',
          subjectType: 'cohort',
          subjectId: scope.cohortId,
          details: { assignmentId: row!.id, title: input.title },
        });
        return row!.id;
      });
    },

    async update(actor: SessionUser, assignmentId: number, input: AssignmentInput): Promise<void> {
      const a = await reachAssignment(db, actor, assignmentId);
      if (!canTeachOffering(a)) throw new NotFound();
      await db.transaction(async (tx) => {
        await tx
          .update(assignments)
          .set({ ...toValues(input), updatedAt: clock.now() })
          .where(eq(assignments.id, assignmentId));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'assignment.updated',
          subjectType: 'cohort',
          subjectId: a.offering.cohortId,
          details: { assignmentId, title: input.title },
        });
      });
    },

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

    /**
     * A trainee's assignments across the cohorts where they hold a seat, with their own state and the newest feedback:
     * what the start page lists as due, returned for revision, or answered.
     */
    ownOverview(actor: SessionUser) {
      return db
        .select({
          id: assignments.id,
          title: assignments.title,
          dueAt: assignments.dueAt,
          cutoffAt: assignments.cutoffAt,
          required: assignments.required,
          moduleTitle: modules.title,
          cohortName: cohorts.name,
          state: submissions.state,
          lastFeedbackAt:
            sql<Date | null>`(select max(f.created_at) from feedback f where f.submission_id = ${submissions.id})`.mapWith(
              (v) => (v ? new Date(v) : null),
            ),
        })
        .from(assignments)
        .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
        .innerJoin(modules, eq(modules.id, offerings.moduleId))
        .innerJoin(cohorts, eq(cohorts.id, offerings.cohortId))
        .innerJoin(
          enrolments,
          and(
            eq(enrolments.cohortId, offerings.cohortId),
            eq(enrolments.userId, actor.id),
            inArray(enrolments.status, SEAT_HOLDING),
          ),
        )
        .leftJoin(submissions, and(eq(submissions.assignmentId, assignments.id), eq(submissions.userId, actor.id)))
        .orderBy(asc(assignments.dueAt));
    },

    /** A person's state in each assignment of a cohort: never the content (the person page shows it to coordinators). */
    statesOf: (userId: number, cohortId: number) =>
      db
        .select({
          id: assignments.id,
          title: assignments.title,
          dueAt: assignments.dueAt,
          required: assignments.required,
          moduleTitle: modules.title,
          state: submissions.state,
        })
        .from(assignments)
        .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
        .innerJoin(modules, eq(modules.id, offerings.moduleId))
        .leftJoin(submissions, and(eq(submissions.assignmentId, assignments.id), eq(submissions.userId, userId)))
        .where(eq(offerings.cohortId, cohortId))
        .orderBy(asc(assignments.dueAt)),

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

    /** One person's submission for the offering's trainers and the SPI-Team. */
    async submissionFor(actor: SessionUser, submissionId: number) {
      if (!Number.isInteger(submissionId)) throw new NotFound();
      const [sub] = await db.select().from(submissions).where(eq(submissions.id, submissionId));
      if (!sub) throw new NotFound();
      const a = await reachAssignment(db, actor, sub.assignmentId);
      if (!canTeachOffering(a)) throw new NotFound();
      const [person] = await db
        .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
        .from(users)
        .where(eq(users.id, sub.userId));
      return { ...a, submission: sub, person: person!, versions: await versionsOf(sub.id) };
    },

    /** A grade or a return for revision, on the newest handed-in version; the trainee is e-mailed. */
    async giveFeedback(
      actor: SessionUser,
      submissionId: number,
      input: { decision: FeedbackDecision; points?: number; text: string },
      uploads: Upload[],
    ): Promise<{ decision: FeedbackDecision }> {
      const s = await this.submissionFor(actor, submissionId);
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
      await withStoredFiles(checked, async (stored) =>
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

    /** Per person of the cohort (a coordinator: of their municipality) whether they handed in and passed: never the content. */
    async overview(actor: SessionUser, assignmentId: number) {
      const a = await reachAssignment(db, actor, assignmentId);
      if (canHandIn(a)) throw new NotFound(); // a trainee sees their own work, not the overview
      const where = [eq(enrolments.cohortId, a.offering.cohortId), inArray(enrolments.status, SEAT_HOLDING)];
      if (a.as === 'coordinate') where.push(eq(enrolments.municipalityId, a.municipalityId!));
      const rows = await db
        .select({
          person: { id: users.id, firstName: users.firstName, lastName: users.lastName },
          submission: submissions,
        })
        .from(enrolments)
        .innerJoin(users, eq(users.id, enrolments.userId))
        .leftJoin(
          submissions,
          and(eq(submissions.userId, enrolments.userId), eq(submissions.assignmentId, assignmentId)),
        )
        .where(and(...where))
        .orderBy(asc(users.sortName));
      return { ...a, rows };
    },

    /** A stored file, if this person may see it: the hand-in's author, the offering's trainers, the SPI-Team. */
    async file(actor: SessionUser, fileId: number) {
      if (!Number.isInteger(fileId) || fileId <= 0) throw new NotFound();
      const [f] = await db.select().from(storedFiles).where(eq(storedFiles.id, fileId));
      if (!f) throw new NotFound();
      const [owner] = f.versionId
        ? await db
            .select({ submission: submissions })
            .from(submissionVersions)
            .innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId))
            .where(eq(submissionVersions.id, f.versionId))
        : await db
            .select({ submission: submissions })
            .from(feedback)
            .innerJoin(submissions, eq(submissions.id, feedback.submissionId))
            .where(eq(feedback.id, f.feedbackId!));
      if (!owner) throw new NotFound();
      const a = await reachAssignment(db, actor, owner.submission.assignmentId);
      if (!canSeeHandInContent(a, owner.submission, actor)) throw new NotFound();
      return { file: f, bytes: await files.read(f.storageKey) };
    },

    /** Every handed-in version's files as one ZIP, named Nachname_Vorname_v2.pdf. */
    async zipOf(
      actor: SessionUser,
      assignmentId: number,
    ): Promise<{ name: string; entries: Array<{ name: string; bytes: Buffer }> }> {
      const a = await reachAssignment(db, actor, assignmentId);
      if (!canTeachOffering(a)) throw new NotFound();
      const rows = await db
        .select({
          file: storedFiles,
          version: submissionVersions.number,
          firstName: users.firstName,
          lastName: users.lastName,
        })
        .from(storedFiles)
        .innerJoin(submissionVersions, eq(submissionVersions.id, storedFiles.versionId))
        .innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId))
        .innerJoin(users, eq(users.id, submissions.userId))
        .where(and(eq(submissions.assignmentId, assignmentId), sql`${submissionVersions.submittedAt} is not null`))
        .orderBy(asc(users.sortName), asc(submissionVersions.number), asc(storedFiles.id));
      const used = new Set<string>();
      const entries = [];
      for (const r of rows) {
        const base = `${safeName(r.lastName)}_${safeName(r.firstName)}_v${r.version}`;
        let name = `${base}.${r.file.kind}`;
        for (let i = 2; used.has(name); i++) name = `${base}_${i}.${r.file.kind}`;
        used.add(name);
        entries.push({ name, bytes: await files.read(r.file.storageKey) });
      }
      return { name: `abgaben-${safeName(a.assignment.title).toLowerCase()}.zip`, entries };
    },
  };
}
export type AssignmentsService = ReturnType<typeof assignmentsService>;

const TRANSLIT: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  æ: 'ae',
  Æ: 'Ae',
  đ: 'd',
  Đ: 'D',
};

/** Readable and safe in every file system and ZIP tool: ASCII letters, digits and hyphens. */
export function safeName(s: string): string {
  const ascii = [...s]
    .map((c) => TRANSLIT[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return (
    ascii
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}
