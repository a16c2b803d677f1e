import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { FILE_KINDS } from '../../platform/files/sniff';
import { GRADINGS } from './table';

/** An assignment template from content/modules/<module>/aufgaben/*.md: front matter for the settings, body = instructions. */
const TemplateMeta = z
  .object({
    title: z.string().min(1).max(200),
    expectsFile: z.boolean(),
    expectsText: z.boolean(),
    kinds: z.array(z.enum(FILE_KINDS)).default([]),
    maxFiles: z.number().int().min(1).max(10).default(1),
    grading: z.enum(GRADINGS),
    maxPoints: z.number().int().positive().optional(),
    passPoints: z.number().int().min(0).optional(),
    required: z.boolean(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (!m.expectsFile && !m.expectsText)
      problem('expectsFile', 'expectsFile oder expectsText muss true sein (sonst gibt es nichts abzugeben).');
    if (m.expectsFile && m.kinds.length === 0) problem('kinds', `kinds: welche Dateitypen? (${FILE_KINDS.join(', ')})`);
    if (m.grading === 'punkte' && (m.maxPoints === undefined || m.passPoints === undefined))
      problem('grading', 'Bei grading: punkte braucht es maxPoints und passPoints.');
    if (m.maxPoints !== undefined && m.passPoints !== undefined && m.passPoints > m.maxPoints)
      problem('passPoints', 'passPoints ist größer als maxPoints.');
  });
export type AssignmentTemplate = z.infer<typeof TemplateMeta> & { file: string; instructions: string };

const TEMPLATE_FILE = /^[a-z0-9-]+\.md$/;

/** The templates beside a module; a file that does not fit is left out of the form (content:check names it). */
export function templatesOf(contentDir: string, sourceDir: string): AssignmentTemplate[] {
  const dir = path.join(contentDir, 'modules', path.basename(sourceDir), 'aufgaben');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => TEMPLATE_FILE.test(f))
    .sort()
    .flatMap((file) => {
      const parsed = readTemplate(path.join(dir, file));
      const meta = parsed && TemplateMeta.safeParse(parsed.data);
      return parsed && meta?.success && parsed.content.trim()
        ? [{ ...meta.data, file: file.replace(/\.md$/, ''), instructions: parsed.content.trim() }]
        : [];
    });
}

function readTemplate(file: string): matter.GrayMatterFile<string> | undefined {
  try {
    // a fresh options object: gray-matter would otherwise answer from its cache after the file was fixed
    return matter(fs.readFileSync(file, 'utf8'), {});
  } catch {
    return undefined;
  }
}

/** Every problem in the assignment templates of all modules, with file and line: for `npm run content:check`. */
export function checkTemplates(contentDir: string): Array<{ file: string; line?: number; message: string }> {
  const modulesDir = path.join(contentDir, 'modules');
  if (!fs.existsSync(modulesDir)) return [];
  const problems: Array<{ file: string; line?: number; message: string }> = [];
  for (const module of fs.readdirSync(modulesDir).sort()) {
    const dir = path.join(modulesDir, module, 'aufgaben');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      const rel = `modules/${module}/aufgaben/${file}`;
      if (!TEMPLATE_FILE.test(file)) {
        problems.push({
          file: rel,
          message:
            'Dateiname einer Aufgabe: Kleinbuchstaben, Ziffern und Bindestriche, Endung .md, z. B. konfliktanalyse.md',
        });
        continue;
      }
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      const parsed = raw.startsWith('---') ? readTemplate(path.join(dir, file)) : undefined;
      if (!parsed) {
        problems.push({
          file: rel,
          line: 1,
          message: 'Die Datei braucht ein gültiges Front Matter zwischen zwei Zeilen ---.',
        });
        continue;
      }
      const result = TemplateMeta.safeParse(parsed.data);
      if (!parsed.content.trim())
        problems.push({ file: rel, message: 'Die Aufgabenstellung (der Text nach dem Front Matter) fehlt.' });
      if (result.success) continue;
      for (const issue of result.error.issues) {
        const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
        const message =
          issue.code === 'unrecognized_keys'
            ? `Unbekannter Schlüssel: ${issue.keys.join(', ')}`
            : issue.code === 'custom'
              ? issue.message
              : `${issue.path.join('.') || 'Front Matter'}: ${issue.message}`;
        const index = key ? raw.split('\n').findIndex((l) => l.startsWith(`${key}:`)) : -1;
        problems.push({ file: rel, line: index >= 0 ? index + 1 : undefined, message });
      }
    }
  }
  return problems;
}

/** The template as values of the assignment form (dates are left to the trainer). */
export function formValuesOf(t: AssignmentTemplate): Record<string, unknown> {
  return {
    title: t.title,
    instructions: t.instructions,
    expectsFile: t.expectsFile ? 'ja' : '',
    expectsText: t.expectsText ? 'ja' : '',
    allowedKinds: t.kinds,
    maxFileMb: 20,
    maxFiles: t.maxFiles,
    grading: t.grading,
    maxPoints: t.maxPoints ?? '',
    passPoints: t.passPoints ?? '',
    required: t.required ? 'ja' : '',
    dueTime: '23:59',
  };
}
