import { parse } from 'csv-parse/sync';
import { t } from './texts';
import { ArchiveRefused } from '../../platform/files/archive';
import { decodeText, isZip, looksLikeText, readXlsx } from '../../platform/spreadsheet';
import type { Sector } from '../accounts/table';

export const MAX_LIST_BYTES = 2 * 1024 * 1024;
export const MAX_LIST_ROWS = 500;

export type ListRow = {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  organisation: string;
  jobTitle: string;
  sector: string;
};

const norm = (s: string) => s.toLowerCase().replace(/[^a-zäöüß]/g, '');

/** Column headings people actually write, normalised (lower case, letters only). */
const COLUMNS: Record<keyof Omit<ListRow, 'line'>, string[]> = {
  firstName: ['vorname', 'vornamen'],
  lastName: ['nachname', 'familienname', 'name'],
  email: ['email', 'emailadresse', 'mail', 'mailadresse'],
  organisation: ['organisation', 'dienststelle', 'einrichtung', 'institution', 'träger'],
  jobTitle: ['funktion', 'position', 'tätigkeit'],
  sector: ['sektor', 'bereich'],
};
const REQUIRED: Array<keyof typeof COLUMNS> = ['firstName', 'lastName', 'email', 'sector'];

const SECTOR_WORDS: Record<string, Sector> = {
  verwaltung: 'verwaltung',
  kommunalverwaltung: 'verwaltung',
  öffentlicheverwaltung: 'verwaltung',
  bildung: 'bildung',
  bildungseinrichtung: 'bildung',
  schule: 'bildung',
  zivilgesellschaft: 'zivilgesellschaft',
  sonstiges: 'sonstiges',
  sonstige: 'sonstiges',
};

/** "Bildungseinrichtung", "Schule", "bildung" → bildung; anything unknown → undefined. */
export const sectorOf = (word: string): Sector | undefined => SECTOR_WORDS[norm(word)];

/** Reads a CSV or XLSX list, recognised by its content. Throws a German message for a file that is neither. */
export async function readList(buffer: Buffer): Promise<ListRow[]> {
  if (buffer.length === 0) throw new ListFileError(t('enrolment.msg.fileEmpty'));
  let table: string[][];
  if (isZip(buffer)) {
    try {
      table = await readXlsx(buffer);
    } catch (err) {
      if (err instanceof ArchiveRefused && err.reason !== 'broken')
        throw new ListFileError(t('enrolment.msg.xlsxTooLarge'));
      throw new ListFileError(t('enrolment.msg.xlsxUnreadable'));
    }
  } else if (looksLikeText(buffer)) {
    table = readCsv(decodeText(buffer));
  } else {
    throw new ListFileError(t('enrolment.msg.fileKind'));
  }
  // Line numbers as the person sees them in their program, blank lines included.
  const numbered = table
    .map((cells, i) => ({ cells, line: i + 1 }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = numbered[0]?.cells;
  const body = numbered.slice(1);
  if (!header) throw new ListFileError(t('enrolment.msg.fileEmpty'));
  const index = Object.fromEntries(
    (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).map((k) => [
      k,
      header.findIndex((h) => COLUMNS[k].includes(norm(h))),
    ]),
  ) as Record<keyof typeof COLUMNS, number>;
  const missing = REQUIRED.filter((k) => index[k] < 0);
  if (missing.length > 0)
    throw new ListFileError(
      t('enrolment.msg.columnsMissing', { columns: missing.map((k) => t(`enrolment.column.${k}`)).join(', ') }),
    );
  if (body.length > MAX_LIST_ROWS) throw new ListFileError(t('enrolment.msg.tooManyRows', { max: MAX_LIST_ROWS }));
  const cell = (r: string[], k: keyof typeof COLUMNS) => (index[k] >= 0 ? (r[index[k]] ?? '').trim() : '');
  return body.map(({ cells: r, line }) => ({
    line,
    firstName: cell(r, 'firstName'),
    lastName: cell(r, 'lastName'),
    email: cell(r, 'email'),
    organisation: cell(r, 'organisation'),
    jobTitle: cell(r, 'jobTitle'),
    sector: cell(r, 'sector'),
  }));
}

/** German Excel writes semicolons; others commas or tabs. The header line tells which. */
function readCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  try {
    return parse(text, {
      delimiter: counts[0]![0],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch {
    throw new ListFileError(t('enrolment.msg.csvUnreadable'));
  }
}

export class ListFileError extends Error {}
