import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { FILE_KINDS } from '../../platform/files/sniff';
import { GRADINGS } from './table';

/** An assignment template from content/modules/<module>/aufgaben/*.md: front matter for the settings, body = instructions. */
const TemplateMeta = z.object({
  title: z.string().min(1).max(200),
  expectsFile: z.boolean(),
  expectsText: z.boolean(),
  kinds: z.array(z.enum(FILE_KINDS)).default([]),
  maxFiles: z.number().int().min(1).max(10).default(1),
  grading: z.enum(GRADINGS),
  maxPoints: z.number().int().positive().optional(),
  passPoints: z.number().int().min(0).optional(),
  required: z.boolean(),
});
export type AssignmentTemplate = z.infer<typeof TemplateMeta> & { file: string; instructions: string };

/** The templates beside a module; a file that does not fit is skipped (content:check does not know them yet). */
export function templatesOf(contentDir: string, sourceDir: string): AssignmentTemplate[] {
  const dir = path.join(contentDir, 'modules', path.basename(sourceDir), 'aufgaben');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^[a-z0-9-]+\.md$/.test(f))
    .sort()
    .flatMap((file) => {
      const parsed = matter(fs.readFileSync(path.join(dir, file), 'utf8'));
      const meta = TemplateMeta.safeParse(parsed.data);
      return meta.success ? [{ ...meta.data, file: file.replace(/\.md$/, ''), instructions: parsed.content.trim() }] : [];
    });
}

/** The template as values of the assignment form (dates are left to the trainer). */
export function formValuesOf(t: AssignmentTemplate): Record<string, unknown> {
  return {
    title: t.title, instructions: t.instructions, expectsFile: t.expectsFile ? 'ja' : '', expectsText: t.expectsText ? 'ja' : '', allowedKinds: t.kinds,
    maxFileMb: 20, maxFiles: t.maxFiles, grading: t.grading, maxPoints: t.maxPoints ?? '', passPoints: t.passPoints ?? '', required: t.required ? 'ja' : '', dueTime: '23:59',
  };
}
