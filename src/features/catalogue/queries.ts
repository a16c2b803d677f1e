import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { contentSyncs, course, lessons, materials, modules } from './table';

const live = { module: isNull(modules.archivedAt), lesson: isNull(lessons.archivedAt) };

export async function getCourse(db: Db) {
  return (await db.select().from(course))[0];
}

/** The modules in order, each with its number of (live) lessons. */
export function listModules(db: Db) {
  return db
    .select({ module: modules, lessonCount: count(lessons.id) })
    .from(modules)
    .leftJoin(lessons, and(eq(lessons.moduleId, modules.id), live.lesson))
    .where(live.module)
    .groupBy(modules.id)
    .orderBy(asc(modules.position), asc(modules.number));
}

export async function findModule(db: Db, slug: string) {
  return (
    await db
      .select()
      .from(modules)
      .where(and(eq(modules.slug, slug), live.module))
  )[0];
}

export function lessonsOf(db: Db, moduleId: number) {
  return db
    .select({
      id: lessons.id,
      slug: lessons.slug,
      title: lessons.title,
      position: lessons.position,
      minutes: lessons.minutes,
    })
    .from(lessons)
    .where(and(eq(lessons.moduleId, moduleId), live.lesson))
    .orderBy(asc(lessons.position));
}

export async function findLesson(db: Db, moduleId: number, slug: string) {
  return (
    await db
      .select()
      .from(lessons)
      .where(and(eq(lessons.moduleId, moduleId), eq(lessons.slug, slug), live.lesson))
  )[0];
}

export function materialsOf(db: Db, moduleId: number) {
  return db
    .select()
    .from(materials)
    .where(and(eq(materials.moduleId, moduleId), isNull(materials.archivedAt)))
    .orderBy(asc(materials.title));
}

export async function findMaterial(db: Db, moduleSlug: string, fileName: string) {
  const rows = await db
    .select({ material: materials, sourceDir: modules.sourceDir })
    .from(materials)
    .innerJoin(modules, eq(modules.id, materials.moduleId))
    .where(
      and(eq(modules.slug, moduleSlug), eq(materials.fileName, fileName), isNull(materials.archivedAt), live.module),
    );
  return rows[0];
}

// Control characters mark the hits in ts_headline's output, so the snippet can be escaped first and marked up after.
export const HIT_START = '\u0002';
export const HIT_END = '\u0003';

/** Full-text search over live lessons with the german configuration (stemming), best matches first. */
export function searchLessons(db: Db, q: string) {
  const query = sql`websearch_to_tsquery('german', ${q})`;
  return db
    .select({
      lessonSlug: lessons.slug,
      lessonTitle: lessons.title,
      moduleSlug: modules.slug,
      moduleTitle: modules.title,
      snippet: sql<string>`ts_headline('german', ${lessons.bodyText}, ${query}, ${`StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`,
    })
    .from(lessons)
    .innerJoin(modules, eq(modules.id, lessons.moduleId))
    .where(and(sql`${lessons.search} @@ ${query}`, live.lesson, live.module))
    .orderBy(desc(sql`ts_rank(${lessons.search}, ${query})`), asc(modules.position), asc(lessons.position))
    .limit(30);
}

export async function latestSyncs(db: Db) {
  return db.select().from(contentSyncs).orderBy(desc(contentSyncs.id)).limit(5);
}
