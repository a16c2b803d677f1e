import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { openArchive, type ArchiveLimits } from './files/archive';

/**
 * Spreadsheet programs run cells that start with = + - @ (or a tab/CR) as formulas: "=HYPERLINK(...)" typed into a
 * name could phone home when an export is opened. Such values are kept as typed in the database and written out with
 * a leading apostrophe, which Excel and LibreOffice show as plain text (OWASP "CSV injection").
 */
export function escapeFormula(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A CSV German Excel opens correctly by double-click: UTF-8 with BOM, semicolons, CRLF. */
export function toCsv(header: string[], rows: unknown[][]): Buffer {
  const body = stringify(
    [header, ...rows].map((r) => r.map(escapeFormula)),
    { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[";\r\n]/ },
  );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}

/** One worksheet with a bold, frozen header row; every value is written as text or number, never as a formula. */
export async function toXlsx(sheetName: string, header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KoKoMa Campus';
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'number' ? v : escapeFormula(v))));
  ws.columns.forEach((c, i) => {
    const longest = Math.max(header[i]?.length ?? 0, ...rows.map((r) => String(r[i] ?? '').length));
    c.width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Whether the bytes are an Office Open XML (ZIP) container: XLSX is recognised by content, never by name. */
export const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** A list of 500 people is a few hundred kilobytes inflated: these bounds leave room and stop a zip bomb cold. */
export const XLSX_LIMITS: ArchiveLimits = { maxEntries: 200, maxTotalBytes: 10 * 1024 * 1024, maxRatio: 200 };

/**
 * The first worksheet's cells as text. A formula cell yields its formula ("=…") as text: nothing is evaluated.
 * exceljs inflates the whole archive in memory, so the archive is first inflated as a stream within XLSX_LIMITS
 * (openArchive throws ArchiveRefused beyond them); only then does exceljs see it.
 */
export async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const zip = await openArchive(buffer, XLSX_LIMITS);
  try {
    await zip.verifyAll();
  } finally {
    zip.close();
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    out.push(cells);
  });
  return out;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && v !== null) {
    if ('formula' in v || 'sharedFormula' in v)
      return `=${(v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula: string }).sharedFormula}`;
    if ('richText' in v) return (v as { richText: Array<{ text: string }> }).richText.map((p) => p.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

/**
 * Text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode-Text"), or else
 * Windows-1252, which German Excel writes for "CSV (Trennzeichen-getrennt)".
 */
export function decodeText(b: Buffer): string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    // Not Node's TextDecoder('windows-1252'): Node decodes that label as Latin-1 and loses „ “ – € and friends.
    return iconv.decode(b, 'win1252');
  }
}

/** Whether the bytes look like text at all (no NUL bytes outside UTF-16): a PDF or an image renamed to .csv is refused. */
export function looksLikeText(b: Buffer): boolean {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return true;
  const head = b.subarray(0, 8192);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return false;
  return !head.includes(0);
}
