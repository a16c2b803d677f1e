import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { renderMarkdown, type RenderedMarkdown } from '../../platform/markdown';
import {
  MODULE_KINDS,
  OPTIONAL_STATISTICS,
  type CompletionRule,
  type ModuleKind,
  type OptionalStatistic,
} from './table';

/** A problem in content/, with the file (relative to content/) and, where known, the line. */
export type ContentProblem = { file: string; line?: number; message: string };

export type LoadedMaterial = { fileName: string; title: string; contentType: string; size: number; hash: string };
export type LoadedLesson = {
  slug: string;
  position: number;
  title: string;
  minutes: number | null;
  body: RenderedMarkdown;
  hash: string;
};
export type LoadedModule = {
  slug: string;
  number: number;
  title: string;
  summary: string;
  objectives: string[];
  reflection: string[];
  kind: ModuleKind;
  ue: number;
  mandatory: boolean;
  position: number;
  introHtml: string;
  sourceDir: string;
  hash: string;
  lessons: LoadedLesson[];
  materials: LoadedMaterial[];
};
export type LoadedCourse = {
  title: string;
  summary: string;
  descriptionHtml: string;
  totalHours: number;
  completionRuleText: string;
  completionRule: CompletionRule;
  optionalStatistics: OptionalStatistic[];
  hash: string;
};
export type LoadedContent = { course: LoadedCourse; modules: LoadedModule[] };

/** Files a module may offer for download, by extension. SVG and HTML are not offered: they can carry script. */
export const MATERIAL_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
};

const text = (what: string) =>
  z
    .string({ error: `${what} fehlt oder ist kein Text.` })
    .trim()
    .min(1, `${what} darf nicht leer sein.`);

const CourseMeta = z.strictObject({
  title: text('title'),
  summary: text('summary'),
  totalHours: z.number({ error: 'totalHours muss eine Zahl sein.' }).int().positive(),
  completionText: text('completionText'),
  completion: z.strictObject({
    minPraesenzModules: z.number().int().min(0),
    minOnlineModules: z.number().int().min(0),
    requiredAssignmentsPassed: z.boolean(),
    minUeShare: z.number().min(0).max(1),
    lessonsRequired: z.boolean().default(false),
  }),
  /** Voluntary self-declared statistics the profile offers and the reports count (aggregated only). */
  optionalStatistics: z
    .array(z.enum(OPTIONAL_STATISTICS, { error: `optionalStatistics: erlaubt ist ${OPTIONAL_STATISTICS.join(', ')}.` }))
    .default([]),
});

const ModuleMeta = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug: nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. "konfliktanalyse".'),
  number: z.number({ error: 'number muss eine Zahl sein.' }).int().positive(),
  title: text('title'),
  summary: text('summary'),
  objectives: z
    .array(text('Lernziel'), { error: 'objectives muss eine Liste sein.' })
    .min(1, 'Mindestens ein Lernziel (objectives) angeben.'),
  reflection: z.array(text('Reflexionsfrage'), { error: 'reflection muss eine Liste sein.' }).default([]),
  kind: z.enum(MODULE_KINDS, { error: 'kind muss "praesenz" oder "online" sein.' }),
  ue: z.number({ error: 'ue muss eine Zahl sein.' }).int().min(0),
  mandatory: z.boolean({ error: 'mandatory muss true oder false sein.' }),
  order: z.number({ error: 'order muss eine Zahl sein.' }).int(),
  materials: z
    .array(
      z.strictObject({
        file: z.string().regex(/^[\w.-]+$/, 'Dateiname: nur Buchstaben, Ziffern, Punkt, Unterstrich, Bindestrich.'),
        title: text('Titel des Materials'),
      }),
    )
    .default([]),
});

const LessonMeta = z.strictObject({
  title: text('title'),
  minutes: z.number().int().positive().optional(),
});

const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The line of a front-matter key, for messages that name the place to fix. */
function lineOfKey(raw: string, key: string): number | undefined {
  const i = raw.split('\n').findIndex((l) => l.startsWith(`${key}:`) || l.trimStart().startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}

function lineOf(raw: string, needle: string): number | undefined {
  const i = raw.split('\n').findIndex((l) => l.includes(needle));
  return i >= 0 ? i + 1 : undefined;
}

/** Parses front matter and checks it against a schema; every problem is named with file and line. */
function readFrontMatter<S extends z.ZodType>(abs: string, rel: string, schema: S, problems: ContentProblem[]) {
  const raw = fs.readFileSync(abs, 'utf8');
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by content; a fresh options object disables that, so a fixed file is read anew.
    parsed = matter(raw, {});
  } catch (err) {
    const mark = (err as { mark?: { line?: number } }).mark;
    problems.push({
      file: rel,
      line: mark?.line !== undefined ? mark.line + 2 : undefined,
      message: `Front Matter ist kein gültiges YAML: ${(err as Error).message.split('\n')[0]}`,
    });
    return undefined;
  }
  if (!raw.startsWith('---')) {
    problems.push({ file: rel, line: 1, message: 'Die Datei beginnt nicht mit einem Front Matter (---).' });
    return undefined;
  }
  const result = schema.safeParse(parsed.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key =
        issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0]! : String(issue.path[0] ?? '');
      const message =
        issue.code === 'unrecognized_keys'
          ? `Unbekannter Schlüssel: ${(issue as { keys: string[] }).keys.join(', ')}`
          : `${issue.path.join('.') || 'Front Matter'}: ${issue.message}`;
      problems.push({ file: rel, line: key ? lineOfKey(raw, key) : 1, message });
    }
    return undefined;
  }
  const bodyStartLine = raw.slice(0, raw.length - parsed.content.length).split('\n').length;
  return { meta: result.data as z.infer<S>, body: parsed.content, raw, bodyStartLine };
}

/**
 * Reads and checks the whole content folder. Returns the content only when there is no problem at all, so a
 * broken edit never replaces the last good version.
 */
export function loadContent(contentDir: string): { content?: LoadedContent; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const coursePath = path.join(contentDir, 'course.md');
  if (!fs.existsSync(coursePath)) return { problems: [{ file: 'course.md', message: 'course.md fehlt.' }] };
  const c = readFrontMatter(coursePath, 'course.md', CourseMeta, problems);

  const modulesDir = path.join(contentDir, 'modules');
  const dirs = fs.existsSync(modulesDir)
    ? fs
        .readdirSync(modulesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  if (dirs.length === 0) problems.push({ file: 'modules/', message: 'Es gibt keine Module (Ordner unter modules/).' });

  const modules: LoadedModule[] = [];
  const slugs = new Map<string, string>();
  for (const dir of dirs) {
    const m = loadModule(contentDir, dir, problems);
    if (!m) continue;
    const other = slugs.get(m.slug);
    if (other)
      problems.push({
        file: `modules/${dir}/module.md`,
        line: undefined,
        message: `Der slug "${m.slug}" ist schon in modules/${other}/module.md vergeben.`,
      });
    slugs.set(m.slug, dir);
    modules.push(m);
  }
  if (problems.length > 0 || !c) return { problems };
  const description = renderMarkdown(c.body, { linkFor: () => undefined });
  const course: LoadedCourse = {
    title: c.meta.title,
    summary: c.meta.summary,
    descriptionHtml: description.html,
    totalHours: c.meta.totalHours,
    completionRuleText: c.meta.completionText,
    completionRule: c.meta.completion,
    optionalStatistics: c.meta.optionalStatistics,
    hash: sha256(c.raw),
  };
  modules.sort((a, b) => a.position - b.position || a.number - b.number);
  return { content: { course, modules }, problems };
}

function loadModule(contentDir: string, dir: string, problems: ContentProblem[]): LoadedModule | undefined {
  const base = path.join(contentDir, 'modules', dir);
  const rel = `modules/${dir}`;
  if (!fs.existsSync(path.join(base, 'module.md'))) {
    problems.push({ file: `${rel}/module.md`, message: 'module.md fehlt.' });
    return undefined;
  }
  const before = problems.length;
  const fm = readFrontMatter(path.join(base, 'module.md'), `${rel}/module.md`, ModuleMeta, problems);
  if (!fm) return undefined;
  const meta = fm.meta;

  const materials: LoadedMaterial[] = [];
  for (const item of meta.materials) {
    const abs = path.join(base, 'materials', item.file);
    const ext = path.extname(item.file).slice(1).toLowerCase();
    const line = lineOf(fm.raw, item.file);
    if (!MATERIAL_TYPES[ext]) {
      problems.push({
        file: `${rel}/module.md`,
        line,
        message: `Material ${item.file}: Dateityp .${ext} ist nicht erlaubt (erlaubt: ${Object.keys(MATERIAL_TYPES).join(', ')}).`,
      });
      continue;
    }
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
      problems.push({
        file: `${rel}/module.md`,
        line,
        message: `Material ${item.file} fehlt im Ordner ${rel}/materials/.`,
      });
      continue;
    }
    const data = fs.readFileSync(abs);
    materials.push({
      fileName: item.file,
      title: item.title,
      contentType: MATERIAL_TYPES[ext]!,
      size: data.length,
      hash: sha256(data),
    });
  }
  const materialNames = new Set(materials.map((m) => m.fileName));
  const materialUrl = (file: string) => `/catalogue/${meta.slug}/materials/${encodeURIComponent(file)}`;

  const lessonsDir = path.join(base, 'lessons');
  const files = fs.existsSync(lessonsDir)
    ? fs
        .readdirSync(lessonsDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
  if (files.length === 0)
    problems.push({ file: `${rel}/lessons/`, message: 'Das Modul hat keine Lektionen (lessons/NN-titel.md).' });
  const lessonSlugs = new Map<string, string>();
  for (const f of files) {
    const match = LESSON_FILE.exec(f);
    if (match) lessonSlugs.set(f, match[2]!);
    else
      problems.push({
        file: `${rel}/lessons/${f}`,
        message:
          'Dateiname einer Lektion: zwei Ziffern, Bindestrich, Titel in Kleinbuchstaben, z. B. 01-was-ist-ein-konflikt.md',
      });
  }

  const lessons: LoadedLesson[] = [];
  for (const [f, slug] of lessonSlugs) {
    const lrel = `${rel}/lessons/${f}`;
    const lfm = readFrontMatter(path.join(lessonsDir, f), lrel, LessonMeta, problems);
    if (!lfm) continue;
    const body = renderMarkdown(lfm.body, {
      // Relative links may point to this module's materials or to another lesson of the module; anything else is a mistake.
      linkFor: (href) => {
        const file = href.replace(/^(\.\.\/)?materials\//, '');
        if (href !== file) return materialNames.has(file) ? materialUrl(file) : null;
        const target = lessonSlugs.get(href.replace(/^\.\//, ''));
        return target ? `/catalogue/${meta.slug}/${target}` : null;
      },
    });
    for (const broken of body.brokenLinks) {
      const line = lineOf(lfm.body, broken);
      problems.push({
        file: lrel,
        line: line !== undefined ? line + lfm.bodyStartLine - 1 : undefined,
        message: `Verweis auf eine fehlende Datei: ${broken}`,
      });
    }
    lessons.push({
      slug,
      position: Number(f.slice(0, 2)),
      title: lfm.meta.title,
      minutes: lfm.meta.minutes ?? null,
      body,
      hash: sha256(`${f}\n${lfm.raw}`),
    });
  }
  if (problems.length > before) return undefined;
  const intro = renderMarkdown(fm.body, {
    linkFor: (href) =>
      materialNames.has(href.replace(/^materials\//, '')) ? materialUrl(href.replace(/^materials\//, '')) : null,
  });
  return {
    slug: meta.slug,
    number: meta.number,
    title: meta.title,
    summary: meta.summary,
    objectives: meta.objectives,
    reflection: meta.reflection,
    kind: meta.kind,
    ue: meta.ue,
    mandatory: meta.mandatory,
    position: meta.order,
    introHtml: intro.html,
    sourceDir: dir,
    hash: sha256(`${dir}\n${fm.raw}\n${JSON.stringify(meta.materials)}`),
    lessons,
    materials,
  };
}
