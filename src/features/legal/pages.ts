import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { renderMarkdown } from '../../platform/markdown';
import { PERIOD_NAMES, readRetentionPolicy, type RetentionPolicy } from '../retention/service';

/** The legal pages, each a Markdown file in content/recht/ that Stiftung SPI edits. */
export const LEGAL_PAGES = ['impressum', 'datenschutz', 'barrierefreiheit'] as const;
export type LegalPage = (typeof LEGAL_PAGES)[number];

const FrontMatter = z
  .object({
    title: z.string().min(1),
    /** Stand: the date the text was last checked, shown on the page. */
    updated: z.coerce.date(),
    /** true while the text is the shipped sample: the page says so in a box of its own. */
    sample: z.boolean().default(false),
  })
  .strict();

export type RenderedLegalPage = { title: string; updated: Date; sample: boolean; html: string };

// a page that states retention periods is rendered again when they change
const cache = new Map<string, { mtimeMs: number; policy?: RetentionPolicy; page: RenderedLegalPage }>();

/**
 * Reads and renders one page, again only when the file changed. A missing or broken file is an error that names the
 * file: the page must not silently show nothing.
 */
export function readLegalPage(contentDir: string, slug: LegalPage): RenderedLegalPage {
  const file = path.join(contentDir, 'recht', `${slug}.md`);
  const { mtimeMs } = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs && (!hit.policy || hit.policy === readRetentionPolicy(contentDir)))
    return hit.page;
  const parsed = matter(fs.readFileSync(file, 'utf8'), {});
  const policy = parsed.content.includes('{frist:') ? readRetentionPolicy(contentDir) : undefined;
  const data = FrontMatter.safeParse(parsed.data);
  if (!data.success)
    throw new Error(`${file}: ${data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const html = renderMarkdown(withPeriods(file, parsed.content, policy), {
    // links between the legal pages: impressum.md -> /impressum
    linkFor: (href) => {
      const m = /^([a-z]+)\.md(#.*)?$/.exec(href);
      if (!m) return undefined;
      return (LEGAL_PAGES as readonly string[]).includes(m[1]!) ? `/${m[1]}${m[2] ?? ''}` : null;
    },
  }).html;
  const page = { ...data.data, html };
  cache.set(file, { mtimeMs, policy, page });
  return page;
}

/**
 * `{frist:invitationDays}` in a page becomes the period in force (content/aufbewahrung.md), so the Datenschutzerklärung
 * cannot promise other periods than the daily job applies. An unknown name is an error naming the file.
 */
function withPeriods(file: string, source: string, policy: RetentionPolicy | undefined): string {
  if (!policy) return source;
  return source.replace(/\{frist:(\w+)\}/g, (_m, name: string) => {
    if (!(PERIOD_NAMES as readonly string[]).includes(name))
      throw new Error(`${file}: {frist:${name}} ist keine Frist aus aufbewahrung.md (${PERIOD_NAMES.join(', ')})`);
    return String(policy[name as (typeof PERIOD_NAMES)[number]]);
  });
}

/** For content:check: every page there and readable, or what is wrong with it. */
export function legalPageProblems(contentDir: string): string[] {
  const problems: string[] = [];
  for (const slug of LEGAL_PAGES) {
    try {
      readLegalPage(contentDir, slug);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}
