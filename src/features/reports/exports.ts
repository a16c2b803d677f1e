import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { escapeFormula, toCsv } from '../../platform/spreadsheet';
import { finish, newDocument } from '../../platform/pdf';
import { TZDate } from '@date-fns/tz';
import { formatDay, ZONE } from '../../platform/time';
import { chartRows, formatValue, headerOf, textRows, type ReportTable } from './model';
import type { Report } from './service';
import { formatDateTime, t } from './texts';

/** The definitions a report's tables use, once each, in order, as German sentences. */
export function definitionsOf(report: Report): string[] {
  const keys = [...new Set(report.tables.flatMap((x) => x.definitions))];
  const out = keys.map((k) => t(`reports.def.${k}`));
  if (report.minCell) out.push(t('reports.def.suppression', { min: report.minCell, below: report.minCell - 1 }));
  return out;
}

/** The chosen filter as label/value lines: on the page, in the XLSX's "Auswahl" sheet and at the top of the PDF. */
export function filterLines(report: Report): Array<[string, string]> {
  const f = report.filter;
  return [
    [t('reports.periodKind'), `${formatDay(f.from, false)} – ${formatDay(f.to, false)}`],
    [
      t('reports.cohorts'),
      f.cohortIds.length
        ? report.cohorts.map((c) => c.name).join(', ') || '–'
        : t('reports.allCohorts', { count: report.cohorts.length }),
    ],
    [
      t('reports.municipalities'),
      report.municipalities ? report.municipalities.map((m) => m.name).join(', ') : t('reports.allMunicipalities'),
    ],
    [t('reports.generated', { when: '' }).replace(/\s*$/, ''), formatDateTime(report.generatedAt)],
  ];
}

/** One table as a CSV German Excel opens (semicolons, BOM, formula-escaped): the same text as on the page. */
export function tableCsv(report: Report, table: ReportTable): Buffer {
  return toCsv(headerOf(table), textRows(table, report.minCell));
}

const NUM_FMT = { count: '0', ue: '0.0', share: '0%', text: '@' } as const;

/**
 * The whole report as XLSX, streamed: one sheet per table (numbers as numbers, shares as percentages, suppressed cells
 * as the text "< 3"), then the definitions and the chosen filter (dates as dates). Rows are committed as written, so
 * the workbook never sits in memory as a whole.
 */
export async function writeXlsx(report: Report, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'KoKoMa Campus';
  wb.created = report.generatedAt;
  const used = new Set<string>();
  const sheetName = (title: string) => {
    // Excel: at most 31 characters, none of : \ / ? * [ ], unique
    let name = title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${title.slice(0, 27)} (${i})`;
    used.add(name.toLowerCase());
    return name;
  };
  for (const table of report.tables) {
    const ws = wb.addWorksheet(sheetName(table.title), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = headerOf(table).map((h, i) => ({ header: h, width: i === 0 ? 42 : Math.max(12, h.length + 2) }));
    ws.getRow(1).font = { bold: true };
    const rows = table.total ? [...table.rows, table.total] : table.rows;
    for (const r of rows) {
      const row = ws.addRow([
        escapeFormula(r.label),
        ...r.values.map((v, i) =>
          typeof v === 'number'
            ? v
            : v === null
              ? null
              : escapeFormula(formatValue(v, table.columns[i]!.format, report.minCell)),
        ),
      ]);
      table.columns.forEach((c, i) => (row.getCell(i + 2).numFmt = NUM_FMT[c.format]));
      if (r === table.total) row.font = { bold: true };
      row.commit();
    }
    ws.commit();
  }
  const defs = wb.addWorksheet(sheetName(t('reports.definitions')));
  defs.columns = [{ header: t('reports.definitions'), width: 120 }];
  defs.getRow(1).font = { bold: true };
  for (const d of definitionsOf(report)) defs.addRow([d]).commit();
  defs.commit();
  const filters = wb.addWorksheet(sheetName(t('reports.filtersSheet')));
  filters.columns = [
    { header: t('reports.filters'), width: 24 },
    { header: '', width: 80 },
  ];
  filters.getRow(1).font = { bold: true };
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const dateRow = (label: string, value: Date, fmt: string) => {
    const row = filters.addRow([label, value]);
    row.getCell(2).numFmt = fmt;
    row.commit();
  };
  dateRow(t('reports.from'), day(report.filter.from), 'dd.mm.yyyy');
  dateRow(t('reports.to'), day(report.filter.to), 'dd.mm.yyyy');
  for (const [label, value] of filterLines(report).slice(1, 3)) filters.addRow([label, escapeFormula(value)]).commit();
  // a spreadsheet's date has no zone: written as the Berlin wall-clock time, as the page shows it
  const berlin = new TZDate(report.generatedAt.getTime(), ZONE);
  const wallClock = new Date(
    Date.UTC(berlin.getFullYear(), berlin.getMonth(), berlin.getDate(), berlin.getHours(), berlin.getMinutes()),
  );
  dateRow(t('reports.generated', { when: '' }).trim(), wallClock, 'dd.mm.yyyy hh:mm');
  filters.commit();
  await wb.commit();
}

const INK = '#131525';
const BLUE = '#1D4A9C';
const GREY = '#5C6072';

/**
 * The "Sachbericht-Anlage": the report as a tagged PDF (title, language, headings, tables with header cells, charts as
 * vector figures with their numbers as alternative text), landscape so the wide tables fit.
 */
export function writePdf(report: Report, out: Writable, heading: string): void {
  const doc = newDocument(t('reports.pdf.title'), { landscape: true, tagged: true });
  doc.pipe(out);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const para = (text: string, size = 10, font: 'regular' | 'bold' = 'regular', type: 'P' | 'H1' | 'H2' = 'P') =>
    root.add(
      doc.struct(type, {}, () => {
        doc.font(font).fontSize(size).fillColor(INK).text(text, left, doc.y, { width });
      }),
    );

  para(t('reports.pdf.heading'), 18, 'bold', 'H1');
  para(heading, 12, 'bold');
  para(t('reports.pdf.programme'), 10);
  doc.moveDown(0.5);
  for (const [k, v] of filterLines(report)) para(`${k}: ${v}`, 10);
  doc.moveDown(0.5);

  for (const table of report.tables) {
    // a table and its chart stay on one page when they fit on one
    const whole = 40 + tableHeight(table) + (table.chart && table.rows.length ? chartHeight(table) : 0);
    ensure(whole <= bottom() - doc.page.margins.top ? whole : 80);
    doc.moveDown(0.6);
    para(table.title, 13, 'bold', 'H2');
    doc.moveDown(0.2);
    drawTable(table);
    if (table.chart && table.rows.length) drawChart(table);
  }
  ensure(60);
  doc.moveDown(0.6);
  para(t('reports.definitions'), 13, 'bold', 'H2');
  for (const d of definitionsOf(report)) {
    ensure(30);
    para(d, 9);
    doc.moveDown(0.2);
  }
  root.end();
  finish(doc, t('reports.pdf.footer'));

  function columnsOf(table: ReportTable) {
    const header = headerOf(table);
    const first = Math.min(260, width * 0.34);
    const rest = (width - first) / (header.length - 1);
    const xs = header.map((_, i) => (i === 0 ? left : left + first + (i - 1) * rest));
    const ws = header.map((_, i) => (i === 0 ? first : rest) - 6);
    return { header, xs, ws };
  }

  /** The height drawTable will take, measured with the same fonts and widths. */
  function tableHeight(table: ReportTable): number {
    const { header, ws } = columnsOf(table);
    const rows = textRows(table, report.minCell);
    return [header, ...rows].reduce((sum, cells, i) => {
      doc.font(i === 0 || (!!table.total && i === rows.length) ? 'bold' : 'regular').fontSize(8.5);
      return sum + Math.max(...cells.map((c, j) => doc.heightOfString(c, { width: ws[j]! }))) + 6;
    }, 0);
  }

  function chartHeight(table: ReportTable): number {
    return table.rows.length * 18 + 24 + 12;
  }

  function drawTable(table: ReportTable) {
    const { header, xs, ws } = columnsOf(table);
    const rows = textRows(table, report.minCell);
    const node = doc.struct('Table');
    root.add(node);
    const line = (cells: string[], head: boolean, bold: boolean) => {
      doc.font(head || bold ? 'bold' : 'regular').fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: ws[i]! }))) + 6;
      if (doc.y + h > bottom()) doc.addPage();
      const y = doc.y;
      const tr = doc.struct('TR');
      node.add(tr);
      cells.forEach((c, i) => {
        const type = head ? 'TH' : i === 0 ? 'TH' : 'TD';
        // pdfkit writes /Scope for header cells; its typings do not know the option yet
        const opts = (type === 'TH' ? { scope: head ? 'Column' : 'Row' } : {}) as PDFKit.Mixins.StructureElementOptions;
        tr.add(
          doc.struct(type, opts, () => {
            doc
              .font(head || bold ? 'bold' : 'regular')
              .fontSize(8.5)
              .fillColor(INK)
              .text(c, xs[i]!, y + 3, { width: ws[i]!, align: i === 0 ? 'left' : 'right' });
          }),
        );
      });
      tr.end();
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .moveTo(left, y + h)
        .lineTo(left + width, y + h)
        .lineWidth(head ? 1 : 0.4)
        .strokeColor(head ? INK : '#B8BCC8')
        .stroke();
      doc.endMarkedContent();
      doc.y = y + h;
      doc.x = left;
    };
    line(header, true, false);
    rows.forEach((r, i) => line(r, false, !!table.total && i === rows.length - 1));
    node.end();
  }

  /** A bar's label shortened with "…" to one line of the given width (the table beside it has the full text). */
  function fit(text: string, w: number): string {
    if (doc.widthOfString(text) <= w) return text;
    let s = text;
    while (s.length > 1 && doc.widthOfString(`${s}…`) > w) s = s.slice(0, -1);
    return `${s.trimEnd()}…`;
  }

  function drawChart(table: ReportTable) {
    const bars = chartRows(table, report.minCell);
    const barH = 12;
    const gap = 6;
    const h = chartHeight(table) - 12;
    ensure(h);
    doc.moveDown(0.5);
    const top = doc.y;
    const labelW = 200;
    const plotW = width - labelW - 120;
    const maxOf = Math.max(1, ...bars.map((b) => Math.max(b.value, b.max ?? 0)));
    const alt = `${table.chart!.title}: ${bars.map((b) => `${b.label} ${b.text}`).join('; ')}`;
    root.add(
      doc.struct('Figure', { alt }, () => {
        doc.font('bold').fontSize(9).fillColor(INK).text(table.chart!.title, left, top, { width });
        bars.forEach((b, i) => {
          const y = top + 16 + i * (barH + gap);
          doc.font('regular').fontSize(8).fillColor(INK);
          doc.text(fit(b.label, labelW - 8), left, y + 2, { width: labelW - 8, align: 'right', lineBreak: false });
          doc.rect(left + labelW, y, plotW, barH).fill('#F3F4F7');
          if (b.max !== undefined)
            doc
              .rect(left + labelW, y, (b.max / maxOf) * plotW, barH)
              .lineWidth(1)
              .dash(3, { space: 2 })
              .stroke(GREY)
              .undash();
          doc.rect(left + labelW, y, (b.value / maxOf) * plotW, barH).fill(BLUE);
          const end = Math.max(b.value, b.max ?? 0);
          doc.fillColor(INK).text(b.text, left + labelW + (end / maxOf) * plotW + 6, y + 2, { lineBreak: false });
        });
      }),
    );
    doc.y = top + h;
    doc.x = left;
  }
}
