import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { renderMarkdown } from '../../platform/markdown';

/** Where a milestone's figure comes from the platform itself instead of being typed in. */
export const LIVE_FIGURES = ['benannt', 'abgeschlossen'] as const;
export type LiveFigure = (typeof LIVE_FIGURES)[number];

const key = z
  .string({ error: 'key fehlt.' })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'key: nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. "steuerungsgruppe".');
const text = (what: string) =>
  z
    .string({ error: `${what} fehlt oder ist kein Text.` })
    .trim()
    .min(1, `${what} darf nicht leer sein.`);

const Model = z
  .strictObject({
    title: text('title'),
    phases: z
      .array(z.strictObject({ key, title: text('title'), purpose: text('purpose') }), {
        error: 'phases muss eine Liste sein.',
      })
      .min(1, 'Mindestens eine Phase (phases) angeben.'),
    milestones: z
      .array(
        z.strictObject({
          key,
          phase: key,
          title: text('title'),
          done: text('done'),
          live: z.enum(LIVE_FIGURES, { error: `live: erlaubt ist ${LIVE_FIGURES.join(' oder ')}.` }).optional(),
        }),
        { error: 'milestones muss eine Liste sein.' },
      )
      .min(1, 'Mindestens einen Meilenstein (milestones) angeben.'),
  })
  .superRefine((m, ctx) => {
    const phases = new Set<string>();
    m.phases.forEach((p, i) => {
      if (phases.has(p.key))
        ctx.addIssue({ code: 'custom', path: ['phases', i, 'key'], message: `Die Phase "${p.key}" gibt es zweimal.` });
      phases.add(p.key);
    });
    const keys = new Set<string>();
    m.milestones.forEach((s, i) => {
      if (keys.has(s.key))
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'key'],
          message: `Den Meilenstein "${s.key}" gibt es zweimal.`,
        });
      keys.add(s.key);
      if (!phases.has(s.phase))
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'phase'],
          message: `Die Phase "${s.phase}" des Meilensteins "${s.key}" gibt es nicht (phases: ${[...phases].join(', ')}).`,
        });
    });
  });

export type ProcessModel = z.infer<typeof Model> & { html: string };
export type Phase = ProcessModel['phases'][number];
export type Milestone = ProcessModel['milestones'][number];

const FILE = 'prozess.md';
const cache = new Map<string, { mtimeMs: number; model: ProcessModel }>();

/**
 * The process every municipality goes through, as Stiftung SPI describes it in content/prozess.md: the phases in order
 * and the milestones of each, with what counts as done. Read again only when the file changed; an invalid file is an
 * error naming the file and the place (content:check lists it before anyone sees it).
 */
export function readProcessModel(contentDir: string): ProcessModel {
  const file = path.join(contentDir, FILE);
  const { mtimeMs } = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.model;
  const parsed = matter(fs.readFileSync(file, 'utf8'), {});
  const data = Model.safeParse(parsed.data);
  if (!data.success)
    throw new Error(
      `${FILE}: ${data.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`,
    );
  const model = { ...data.data, html: renderMarkdown(parsed.content, { linkFor: () => undefined }).html };
  cache.set(file, { mtimeMs, model });
  return model;
}

/** For content:check: the process model readable and valid, or what is wrong with it. */
export function processModelProblems(contentDir: string): string[] {
  try {
    readProcessModel(contentDir);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}
