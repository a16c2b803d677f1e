import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { minuteOf, versionedCache } from '../../platform/db/data-version';
import { lessons } from '../catalogue/table';
import { offerings } from '../cohorts/table';
import { lessonProgress } from '../learning/table';
import { assignments, submissions } from '../assignments/table';
import { cohortAttendance } from '../attendance/queries';
import { evaluate, type OfferingFacts } from './evaluate';

/**
 * Completion of everyone in a cohort (or a municipality's part, or one person): ledgers from attendance, required
 * assignments passed, online lessons done. A handful of queries, whatever the number of people.
 */
export const cohortCompletion = versionedCache(
  'completion',
  (cohortId: number, now: Date, scope: { municipalityId?: number; userId?: number } = {}) =>
    `completion|${cohortId}|${scope.municipalityId ?? ''}|${scope.userId ?? ''}|${minuteOf(now)}`,
  computeCohortCompletion,
);

async function computeCohortCompletion(
  db: Db,
  cohortId: number,
  now: Date,
  scope: { municipalityId?: number; userId?: number } = {},
) {
  const data = await cohortAttendance(db, cohortId, now, scope);
  const people = data.rows.map((r) => r.person.id);
  const offeringRows = await db
    .select({ id: offerings.id, moduleId: offerings.moduleId })
    .from(offerings)
    .where(eq(offerings.cohortId, cohortId));
  const moduleIds = offeringRows.map((o) => o.moduleId);
  const required = await db
    .select({ id: assignments.id, offeringId: assignments.offeringId, title: assignments.title })
    .from(assignments)
    .innerJoin(offerings, eq(offerings.id, assignments.offeringId))
    .where(and(eq(offerings.cohortId, cohortId), eq(assignments.required, true)));
  const passed =
    required.length && people.length
      ? await db
          .select({ assignmentId: submissions.assignmentId, userId: submissions.userId })
          .from(submissions)
          .where(
            and(
              inArray(
                submissions.assignmentId,
                required.map((a) => a.id),
              ),
              inArray(submissions.userId, people),
              eq(submissions.state, 'bestanden'),
            ),
          )
      : [];
  const lessonTotals = moduleIds.length
    ? await db
        .select({ moduleId: lessons.moduleId, n: sql<number>`count(*)::int` })
        .from(lessons)
        .where(and(inArray(lessons.moduleId, moduleIds), isNull(lessons.archivedAt)))
        .groupBy(lessons.moduleId)
    : [];
  const lessonsDone =
    moduleIds.length && people.length
      ? await db
          .select({ moduleId: lessons.moduleId, userId: lessonProgress.userId, n: sql<number>`count(*)::int` })
          .from(lessonProgress)
          .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
          .where(
            and(
              inArray(lessons.moduleId, moduleIds),
              isNull(lessons.archivedAt),
              inArray(lessonProgress.userId, people),
            ),
          )
          .groupBy(lessons.moduleId, lessonProgress.userId)
      : [];
  const rows = data.rows.map((r) => {
    const facts: OfferingFacts[] = data.offerings.map((o) => {
      const moduleId = offeringRows.find((x) => x.id === o.id)!.moduleId;
      return {
        offeringId: o.id,
        title: o.title,
        kind: o.moduleKind,
        requiredAssignments: required
          .filter((a) => a.offeringId === o.id)
          .map((a) => ({
            title: a.title,
            passed: passed.some((p) => p.assignmentId === a.id && p.userId === r.person.id),
          })),
        lessons: {
          total: lessonTotals.find((l) => l.moduleId === moduleId)?.n ?? 0,
          done: lessonsDone.find((l) => l.moduleId === moduleId && l.userId === r.person.id)?.n ?? 0,
        },
      };
    });
    return { ...r, completion: evaluate(data.rule, r.ledger, facts) };
  });
  return { ...data, rows };
}

export type CohortCompletion = Awaited<ReturnType<typeof cohortCompletion>>;
