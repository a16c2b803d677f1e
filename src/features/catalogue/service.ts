import path from 'node:path';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { NotFound } from '../../platform/errors';
import { versionedCache } from '../../platform/db/data-version';
import * as q from './queries';
import { syncContent } from './sync';
import { t } from './texts';
import type { CompletionRule, ModuleKind } from './table';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * What a module of each kind counts for, in the words of the completion rule: "4 der 5 Präsenzmodule sind für das
 * Zertifikat nötig". Modules are never labelled "Pflicht" on their own: the rule decides, and it says "4 of 5".
 */
function countsFor(rule: CompletionRule | undefined, kinds: ModuleKind[]): Record<ModuleKind, string> {
  const of = (k: ModuleKind) => kinds.filter((x) => x === k).length;
  const text = (k: ModuleKind, needed: number) =>
    needed === 0 ? t(`catalogue.countsFor.${k}None`) : t(`catalogue.countsFor.${k}`, { needed, of: of(k) });
  return {
    praesenz: text('praesenz', rule?.minPraesenzModules ?? 0),
    online: text('online', rule?.minOnlineModules ?? 0),
  };
}

export function catalogueService(deps: { db: Db; clock: Clock; contentDir: string }) {
  const { db } = deps;

  const moduleOrThrow = (slug: string) => findModuleOrThrow(db, slug);

  return {
    async overview() {
      const [courseRow, rows] = await Promise.all([q.getCourse(db), q.listModules(db)]);
      return {
        course: courseRow,
        modules: rows,
        countsFor: countsFor(
          courseRow?.completionRule,
          rows.map((r) => r.module.kind),
        ),
      };
    },

    moduleOrThrow,

    /** The module page's and the lesson page's content: kept until a content sync changes the catalogue. */
    modulePage: (slug: string) => modulePage(db, slug),
    lessonPage: (moduleSlug: string, lessonSlug: string) => lessonPage(db, moduleSlug, lessonSlug),

    /** A material file: only files registered by the last good sync, so no URL can reach anything else on disk. */
    async material(moduleSlug: string, fileName: string) {
      const found = await q.findMaterial(db, moduleSlug, fileName);
      if (!found) throw new NotFound();
      const modulesDir = path.resolve(deps.contentDir, 'modules');
      const abs = path.resolve(modulesDir, found.sourceDir, 'materials', found.material.fileName);
      if (!abs.startsWith(`${modulesDir}${path.sep}`)) throw new NotFound();
      return { abs, ...found.material };
    },

    /** Search results with highlighted snippets, escaped before the <mark> tags are put in. */
    async search(query: string) {
      if (query.trim().length < 2) return [];
      const rows = await q.searchLessons(db, query);
      return rows.map((r) => ({
        ...r,
        snippetHtml: escapeHtml(r.snippet).split(q.HIT_START).join('<mark>').split(q.HIT_END).join('</mark>'),
      }));
    },

    async adminStatus() {
      const [syncs, rows] = await Promise.all([q.latestSyncs(db), q.listModules(db)]);
      return { syncs, lastGood: syncs.find((s) => s.status !== 'failed'), latest: syncs[0], modules: rows };
    },

    sync: () => syncContent(db, deps.contentDir, deps.clock.now()),
  };
}

export type CatalogueService = ReturnType<typeof catalogueService>;

async function findModuleOrThrow(db: Db, slug: string) {
  const m = await q.findModule(db, slug);
  if (!m) throw new NotFound();
  return m;
}

const modulePage = versionedCache(
  'catalogue',
  (slug: string) => slug,
  async (db: Db, slug: string) => {
    const m = await findModuleOrThrow(db, slug);
    const [lessonList, materialList, courseRow, all] = await Promise.all([
      q.lessonsOf(db, m.id),
      q.materialsOf(db, m.id),
      q.getCourse(db),
      q.listModules(db),
    ]);
    return {
      module: m,
      lessons: lessonList,
      materials: materialList,
      countsFor: countsFor(
        courseRow?.completionRule,
        all.map((r) => r.module.kind),
      ),
    };
  },
  100,
);

const lessonPage = versionedCache(
  'catalogue',
  (moduleSlug: string, lessonSlug: string) => `${moduleSlug}/${lessonSlug}`,
  async (db: Db, moduleSlug: string, lessonSlug: string) => {
    const m = await findModuleOrThrow(db, moduleSlug);
    const [lesson, siblings] = await Promise.all([q.findLesson(db, m.id, lessonSlug), q.lessonsOf(db, m.id)]);
    if (!lesson) throw new NotFound();
    const i = siblings.findIndex((s) => s.id === lesson.id);
    return { module: m, lesson, siblings, previous: siblings[i - 1], next: siblings[i + 1] };
  },
  500,
);
