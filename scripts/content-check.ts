/** `npm run content:check`: validates content/ and lists every problem with file and line. Exit 1 on any problem. */
import path from 'node:path';
import { loadContent } from '../src/features/catalogue/content';
import { checkTemplates } from '../src/features/assignments/templates';
import { legalPageProblems } from '../src/features/legal/pages';
import { retentionPolicyProblems } from '../src/features/retention/policy';
import { processModelProblems } from '../src/features/process/model';

const dir = path.resolve(process.argv[2] ?? process.env.CONTENT_DIR ?? 'content');
const loaded = loadContent(dir);
const { content } = loaded;
// the assignment templates (aufgaben/*.md) are read when a trainer sets a task, not synced; they are checked here too
const problems = [
  ...loaded.problems,
  ...checkTemplates(dir),
  // the legal pages (recht/*.md) are read when they are asked for
  ...legalPageProblems(dir).map((message) => ({ file: 'recht/', line: undefined, message })),
  // the retention periods (aufbewahrung.md) are read by the daily job and the SPI-Team's page
  ...retentionPolicyProblems(dir).map((message) => ({ file: 'aufbewahrung.md', line: undefined, message })),
  // the process model (prozess.md) is read when a municipality's process page is opened
  ...processModelProblems(dir).map((message) => ({ file: 'prozess.md', line: undefined, message })),
];
if (!content || problems.length > 0) {
  console.error(`content:check: ${problems.length} Problem(e) in ${dir}:`);
  for (const p of problems) console.error(`  ${p.file}${p.line ? `:${p.line}` : ''}  ${p.message}`);
  process.exit(1);
}
const lessons = content.modules.reduce((n, m) => n + m.lessons.length, 0);
const materials = content.modules.reduce((n, m) => n + m.materials.length, 0);
console.log(
  `content:check: in Ordnung – ${content.modules.length} Module, ${lessons} Lektionen, ${materials} Materialien, Aufgabenvorlagen, Rechtstexte, Aufbewahrungsfristen und Prozessmodell geprüft.`,
);
