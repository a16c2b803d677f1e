import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { NotFound } from '../../platform/errors';
import { berlinInstant } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { modules } from '../catalogue/table';
import { offerings } from '../cohorts/table';
import { canTeachOffering, reachAssignment, reachOffering } from './access';
import type { AssignmentInput } from './schemas';
import { assignments } from './table';
import type { Deps } from './service';

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

/** Assignments as the trainers of an offering and the SPI-Team set them. */
export function setting({ db, clock }: Pick<Deps, 'db' | 'clock'>) {
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
  };
}
