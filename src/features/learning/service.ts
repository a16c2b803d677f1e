import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { lessons, modules } from '../catalogue/table';
import { lessonProgress } from './table';

export type ModuleState = 'nicht_begonnen' | 'in_arbeit' | 'abgeschlossen';

/** Online progress of one person: only ever their own (the actor's id), never another person's. */
export function learningService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Per module: lessons, lessons done, state; overall share; and where to resume. One query for the counts. */
    async overview(actor: SessionUser) {
      const rows = await db
        .select({
          id: modules.id,
          slug: modules.slug,
          number: modules.number,
          title: modules.title,
          kind: modules.kind,
          ue: modules.ue,
          total: count(lessons.id),
          done: count(lessonProgress.lessonId),
        })
        .from(modules)
        .leftJoin(lessons, and(eq(lessons.moduleId, modules.id), isNull(lessons.archivedAt)))
        .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, actor.id)))
        .where(isNull(modules.archivedAt))
        .groupBy(modules.id)
        .orderBy(asc(modules.position), asc(modules.number));
      const items = rows.map((r) => ({
        ...r,
        state: (r.done === 0 ? 'nicht_begonnen' : r.done >= r.total ? 'abgeschlossen' : 'in_arbeit') as ModuleState,
      }));
      const total = items.reduce((a, r) => a + r.total, 0);
      const done = items.reduce((a, r) => a + r.done, 0);
      return {
        modules: items,
        total,
        done,
        percent: total ? Math.round((done / total) * 100) : 0,
        resume: await this.resume(actor),
      };
    },

    /** The first lesson not yet done, after the most recently completed one (or the very first lesson). */
    async resume(actor: SessionUser) {
      const [row] = await db
        .select({
          moduleSlug: modules.slug,
          moduleTitle: modules.title,
          lessonSlug: lessons.slug,
          lessonTitle: lessons.title,
        })
        .from(lessons)
        .innerJoin(modules, eq(modules.id, lessons.moduleId))
        .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, actor.id)))
        .where(and(isNull(lessons.archivedAt), isNull(modules.archivedAt), isNull(lessonProgress.lessonId)))
        .orderBy(
          // modules the person has started come first, then the course order
          sql`(select max(p.completed_at) from lesson_progress p join lessons l2 on l2.id = p.lesson_id where l2.module_id = ${modules.id} and p.user_id = ${actor.id}) desc nulls last`,
          asc(modules.position),
          asc(lessons.position),
        )
        .limit(1);
      return row;
    },

    async doneIn(actor: SessionUser, moduleId: number): Promise<Set<number>> {
      const rows = await db
        .select({ id: lessonProgress.lessonId })
        .from(lessonProgress)
        .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
        .where(and(eq(lessonProgress.userId, actor.id), eq(lessons.moduleId, moduleId)));
      return new Set(rows.map((r) => r.id));
    },

    /** Marks a live lesson done or not done for the actor; idempotent both ways. */
    async mark(actor: SessionUser, moduleSlug: string, lessonSlug: string, done: boolean) {
      const [lesson] = await db
        .select({ id: lessons.id, title: lessons.title })
        .from(lessons)
        .innerJoin(modules, eq(modules.id, lessons.moduleId))
        .where(
          and(
            eq(modules.slug, moduleSlug),
            eq(lessons.slug, lessonSlug),
            isNull(lessons.archivedAt),
            isNull(modules.archivedAt),
          ),
        );
      if (!lesson) throw new NotFound();
      if (done) {
        await db
          .insert(lessonProgress)
          .values({ userId: actor.id, lessonId: lesson.id, completedAt: clock.now() })
          .onConflictDoNothing();
      } else {
        await db
          .delete(lessonProgress)
          .where(and(eq(lessonProgress.userId, actor.id), eq(lessonProgress.lessonId, lesson.id)));
      }
      return lesson;
    },
  };
}

export type LearningService = ReturnType<typeof learningService>;
