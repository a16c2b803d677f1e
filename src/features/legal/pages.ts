import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { renderMarkdown } from '../../platform/markdown';

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

const cache = new Map<string, { mtimeMs: number; page: RenderedLegalPage }>();

/**
 * Reads and renders one page, again only when the file changed. A missing or broken file is an error that names the
 * file: the page must not silently show nothing.
 */
export function readLegalPage(contentDir: string, slug: LegalPage): RenderedLegalPage {
  const file = path.join(contentDir, 'recht', `${slug}.md`);
  const { mtimeMs } = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.page;
  const parsed = matter(fs.readFileSync(file, 'utf8'), {});
  const data = FrontMatter.safeParse(parsed.data);
  if (!data.success)
    throw new Error(`${file}: ${data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const html = renderMarkdown(parsed.content, {
    // links between the legal pages: impressum.md -> /impressum
    linkFor: (href) => {
      const m = /^([a-z]+)\.md(#.*)?$/.exec(href);
      if (!m) return undefined;
      return (LEGAL_PAGES as readonly string[]).includes(m[1]!) ? `/${m[1]}${m[2] ?? ''}` : null;
    },
  }).html;
  const page = { ...data.data, html };
  cache.set(file, { mtimeMs, page });
  return page;
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
