import { t } from './texts';
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { loadContent, type ContentProblem, type LoadedModule } from './content';
import { contentSyncs, course, lessons, materials, modules } from './table';

export type SyncResult = {
  status: 'ok' | 'unchanged' | 'failed';
  problems: ContentProblem[];
  changes: Record<string, number>;
};

/**
 * Loads content/ into the database, keyed by slug with a content hash: unchanged files are not rewritten, a lesson
 * or module removed from the files is archived (progress on it stays), and broken content changes nothing at all.
 * Every run is logged in content_syncs for the SPI-Team's catalogue page.
 */
export async function syncContent(db: Db, contentDir: string, now: Date): Promise<SyncResult> {
  const { content, problems } = loadContent(contentDir);
  if (!content) {
    await db.insert(contentSyncs).values({ status: 'failed', problems, startedAt: now });
    return { status: 'failed', problems, changes: {} };
  }
  const changes: Record<string, number> = {};
  const count = (what: string) => (changes[what] = (changes[what] ?? 0) + 1);

  await db.transaction(async (tx) => {
    const [existingCourse] = await tx.select({ hash: course.contentHash }).from(course);
    if (existingCourse?.hash !== content.course.hash) {
      const { hash, ...values } = content.course;
      await tx
        .insert(course)
        .values({ id: 1, ...values, contentHash: hash, updatedAt: now })
        .onConflictDoUpdate({ target: course.id, set: { ...values, contentHash: hash, updatedAt: now } });
      count('courseUpdated');
    }

    const existing = new Map((await tx.select().from(modules)).map((m) => [m.slug, m]));
    for (const m of content.modules) {
      const moduleId = await upsertModule(tx, m, existing.get(m.slug), now, count);
      await syncLessons(tx, moduleId, m, now, count);
      await syncMaterials(tx, moduleId, m, now, count);
    }
    const slugs = content.modules.map((m) => m.slug);
    const archived = await tx
      .update(modules)
      .set({ archivedAt: now })
      .where(and(isNull(modules.archivedAt), notInArray(modules.slug, slugs)))
      .returning({ id: modules.id });
    for (const a of archived) {
      count('modulesArchived');
      await tx
        .update(lessons)
        .set({ archivedAt: now })
        .where(and(eq(lessons.moduleId, a.id), isNull(lessons.archivedAt)));
    }
    const status = Object.keys(changes).length > 0 ? 'ok' : 'unchanged';
    await tx.insert(contentSyncs).values({ status, problems: [], changes, startedAt: now });
  });
  return { status: Object.keys(changes).length > 0 ? 'ok' : 'unchanged', problems: [], changes };
}

async function upsertModule(
  tx: Db,
  m: LoadedModule,
  before: typeof modules.$inferSelect | undefined,
  now: Date,
  count: (w: string) => void,
): Promise<number> {
  const values = {
    slug: m.slug,
    number: m.number,
    title: m.title,
    summary: m.summary,
    objectives: m.objectives,
    reflection: m.reflection,
    kind: m.kind,
    ue: m.ue,
    mandatory: m.mandatory,
    position: m.position,
    introHtml: m.introHtml,
    sourceDir: m.sourceDir,
    contentHash: m.hash,
    archivedAt: null,
    updatedAt: now,
  };
  if (!before) {
    const [row] = await tx.insert(modules).values(values).returning({ id: modules.id });
    count('modulesAdded');
    return row!.id;
  }
  if (before.contentHash !== m.hash || before.archivedAt) {
    await tx.update(modules).set(values).where(eq(modules.id, before.id));
    count('modulesUpdated');
  }
  return before.id;
}

async function syncLessons(
  tx: Db,
  moduleId: number,
  m: LoadedModule,
  now: Date,
  count: (w: string) => void,
): Promise<void> {
  const existing = new Map(
    (await tx.select().from(lessons).where(eq(lessons.moduleId, moduleId))).map((l) => [l.slug, l]),
  );
  for (const l of m.lessons) {
    const values = {
      moduleId,
      slug: l.slug,
      position: l.position,
      title: l.title,
      bodyHtml: l.body.html,
      bodyText: l.body.text,
      toc: l.body.toc,
      minutes: l.minutes,
      contentHash: l.hash,
      archivedAt: null,
      updatedAt: now,
    };
    const before = existing.get(l.slug);
    if (!before) {
      await tx.insert(lessons).values(values);
      count('lessonsAdded');
    } else if (before.contentHash !== l.hash || before.archivedAt) {
      await tx.update(lessons).set(values).where(eq(lessons.id, before.id));
      count('lessonsUpdated');
    }
  }
  const keep = m.lessons.map((l) => l.slug);
  const archived = await tx
    .update(lessons)
    .set({ archivedAt: now })
    .where(and(eq(lessons.moduleId, moduleId), isNull(lessons.archivedAt), notInArray(lessons.slug, keep)))
    .returning({ id: lessons.id });
  archived.forEach(() => count('lessonsArchived'));
}

async function syncMaterials(
  tx: Db,
  moduleId: number,
  m: LoadedModule,
  now: Date,
  count: (w: string) => void,
): Promise<void> {
  const existing = new Map(
    (await tx.select().from(materials).where(eq(materials.moduleId, moduleId))).map((x) => [x.fileName, x]),
  );
  for (const file of m.materials) {
    const values = {
      moduleId,
      fileName: file.fileName,
      title: file.title,
      contentType: file.contentType,
      size: file.size,
      contentHash: file.hash,
      archivedAt: null,
    };
    const before = existing.get(file.fileName);
    if (!before) {
      await tx.insert(materials).values(values);
      count('materialsAdded');
    } else if (before.contentHash !== file.hash || before.title !== file.title || before.archivedAt) {
      await tx.update(materials).set(values).where(eq(materials.id, before.id));
      count('materialsUpdated');
    }
  }
  const keep = m.materials.map((x) => x.fileName);
  const gone = await tx
    .update(materials)
    .set({ archivedAt: now })
    .where(
      and(
        eq(materials.moduleId, moduleId),
        isNull(materials.archivedAt),
        keep.length ? notInArray(materials.fileName, keep) : undefined,
      ),
    )
    .returning({ id: materials.id });
  gone.forEach(() => count('materialsArchived'));
}

/** A sync's changes in German: "2 Lektionen neu, 1 Modul geändert" (older syncs stored the keys as "lessons added"). */
export function describeChanges(changes: Record<string, number>): string {
  return Object.entries(changes)
    .map(([key, count]) =>
      t(
        `catalogueAdmin.changeKinds.${key.replace(/ (\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^course$/, 'courseUpdated')}`,
        { count },
      ),
    )
    .join(', ');
}
