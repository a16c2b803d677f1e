import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { modules } from '../catalogue/table';
import { cohorts, offerings } from '../cohorts/table';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { canHandIn, canSeeHandInContent, canTeachOffering, reachAssignment } from './access';
import { assignments, feedback, storedFiles, submissions, submissionVersions } from './table';
import type { Deps } from './service';

/** The read side beyond one's own work: lists for the start page and the person page, the overview, files, the ZIP. */
export function overviews({ db, files }: Pick<Deps, 'db' | 'files'>) {
  return {
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
      return { file: f, body: await files.stream(f.storageKey) };
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
