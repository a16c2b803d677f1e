import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { renderMarkdown } from '../../platform/markdown';

/** The retention periods, as Stiftung SPI sets them in content/aufbewahrung.md (front matter; the text explains them). */
const Policy = z
  .object({
    title: z.string().min(1),
    updated: z.coerce.date(),
    sample: z.boolean().default(false),
    handInMonthsAfterCohortEnd: z.number().int().min(1).max(120),
    listImportHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14),
    invitationDays: z.number().int().min(7).max(3650),
    inactiveAccountMonths: z.number().int().min(3).max(240),
    inactivityWarningDays: z.number().int().min(7).max(90),
  })
  .strict();

export type RetentionPolicy = z.infer<typeof Policy> & { html: string };

/** The periods by name, for `{frist:…}` in the legal pages: the Datenschutzerklärung states the ones in force. */
export const PERIOD_NAMES = [
  'handInMonthsAfterCohortEnd',
  'listImportHours',
  'invitationDays',
  'inactiveAccountMonths',
  'inactivityWarningDays',
] as const;

const FILE = 'aufbewahrung.md';
const cache = new Map<string, { mtimeMs: number; policy: RetentionPolicy }>();

/**
 * Reads content/aufbewahrung.md, again only when it changed. A missing or invalid file is an error naming the file:
 * the daily job must not guess periods.
 */
export function readRetentionPolicy(contentDir: string): RetentionPolicy {
  const file = path.join(contentDir, FILE);
  const { mtimeMs } = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.policy;
  const parsed = matter(fs.readFileSync(file, 'utf8'), {});
  const data = Policy.safeParse(parsed.data);
  if (!data.success)
    throw new Error(`${file}: ${data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const policy = { ...data.data, html: renderMarkdown(parsed.content, { linkFor: () => undefined }).html };
  cache.set(file, { mtimeMs, policy });
  return policy;
}

/** For content:check: the policy readable and valid, or what is wrong with it. */
export function retentionPolicyProblems(contentDir: string): string[] {
  try {
    readRetentionPolicy(contentDir);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}
