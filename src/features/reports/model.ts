import { formatShare, formatUe } from '../../platform/i18n/numbers';
import { t } from './texts';

/**
 * A report is a list of tables; the page, the CSV, the XLSX and the PDF all print these same tables, so they cannot
 * disagree. A value is a number, null (not defined: a rate without a base), "suppressed" (too few people to show) or
 * "hidden" (shown, it would let a suppressed value be worked out from a total).
 */
export type Value = number | null | 'suppressed' | 'hidden' | { text: string };
/** text: a word, not a figure (a municipality's phase); written as it is, never summed or suppressed. */
export type Format = 'count' | 'ue' | 'share' | 'text';
/** people: false for counts of things (sessions, UE), which are never suppressed. */
export type Column = { label: string; format: Format; people?: boolean };
export type Row = {
  label: string;
  values: Value[];
  /** How many people the row's derived figures (means, rates) rest on: below the threshold they are suppressed. */
  people?: number;
  href?: string;
};
export type Chart = {
  title: string;
  /** Index of the value drawn, and optionally of the value it is drawn against (e.g. held of planned). */
  value: number;
  max?: number;
  /** Draw the value as a percentage (shares). */
  percent?: boolean;
};
export type ReportTable = {
  key: string;
  title: string;
  /** The first column's header (what the rows are). */
  rowHeader: string;
  columns: Column[];
  rows: Row[];
  total?: Row;
  chart?: Chart;
  /** Keys of the definitions (texts reports.def.*) that explain the table's figures. */
  definitions: string[];
  /**
   * The sums a reader could use to work a suppressed cell out: `total`, the total row is the sum of the rows in
   * these columns; `columns`, in every row one column is the sum of others (Nominiert = the five states).
   */
  sums?: { total?: number[]; columns?: Array<{ total: number; parts: number[] }> };
};

/**
 * Counts of people below `min` (but not zero) become "suppressed", and so do means and rates resting on fewer
 * (primary suppression). Then no sum may give one away: in each sum of the table (`sums`) where a part is suppressed,
 * the total is hidden too; where a total is withheld but every part shown, the smallest part is hidden. Repeated until
 * nothing changes, as each hidden cell may be part of another sum (secondary suppression).
 */
export function suppress(table: ReportTable, min: number): ReportTable {
  const primary = (r: Row): Row => ({
    ...r,
    values: r.values.map((v, i) => {
      if (typeof v !== 'number') return v;
      const c = table.columns[i]!;
      if (c.people === false) return v;
      if (c.format === 'count') return v > 0 && v < min ? 'suppressed' : v;
      return r.people !== undefined && r.people < min ? 'suppressed' : v;
    }),
  });
  const rows = table.rows.map(primary);
  const total = table.total && primary(table.total);
  // every sum as cells: [row, column] pairs, the total first
  type Cell = [Row, number];
  const sums: Cell[][] = [];
  if (total) for (const c of table.sums?.total ?? []) sums.push([[total, c], ...rows.map((r): Cell => [r, c])]);
  for (const s of table.sums?.columns ?? [])
    for (const r of [...rows, ...(total ? [total] : [])])
      sums.push([[r, s.total], ...s.parts.map((c): Cell => [r, c])]);
  const withheld = ([r, c]: Cell) => r.values[c] === 'suppressed' || r.values[c] === 'hidden';
  for (let changed = true; changed;) {
    changed = false;
    for (const [head, ...parts] of sums) {
      if (parts.some(withheld) && !withheld(head!)) {
        head![0].values[head![1]] = 'hidden';
        changed = true;
      } else if (withheld(head!) && !parts.some(withheld)) {
        const shown = parts.filter(([r, c]) => typeof r.values[c] === 'number' && r.values[c] !== 0);
        const smallest = shown.sort(([a, i], [b, j]) => (a.values[i] as number) - (b.values[j] as number))[0];
        if (smallest) {
          smallest[0].values[smallest[1]] = 'hidden';
          changed = true;
        }
      }
    }
  }
  return { ...table, rows, total };
}

/** A value as German text, as on the page and in the CSV. */
export function formatValue(v: Value, format: Format, min: number): string {
  if (v === 'suppressed') return t('reports.suppressed', { min });
  if (v === 'hidden') return t('reports.hidden');
  if (v === null) return t('reports.notDefined');
  if (typeof v === 'object') return v.text;
  if (format === 'share') return formatShare(v);
  if (format === 'ue') return formatUe(v);
  return String(v);
}

/** The rows of a table as text, total last: what the CSV holds and what the page prints. */
export function textRows(table: ReportTable, min: number): string[][] {
  const rows = table.total ? [...table.rows, table.total] : table.rows;
  return rows.map((r) => [r.label, ...r.values.map((v, i) => formatValue(v, table.columns[i]!.format, min))]);
}

export const headerOf = (table: ReportTable) => [table.rowHeader, ...table.columns.map((c) => c.label)];

/** The bars of a table's chart: a suppressed or undefined value is drawn as no bar and labelled as in the table. */
export function chartRows(table: ReportTable, min: number) {
  const c = table.chart!;
  return table.rows.map((r) => {
    const v = r.values[c.value];
    const m = c.max !== undefined ? r.values[c.max] : undefined;
    const value = typeof v === 'number' ? (c.percent ? Math.round(v * 100) : v) : 0;
    const max = typeof m === 'number' ? m : undefined;
    const shown = formatValue(v ?? null, table.columns[c.value]!.format, min);
    const text =
      max !== undefined && typeof v === 'number' ? t('reports.ofTotal', { value: shown, max: String(max) }) : shown;
    return { label: r.label, value, max: c.percent ? 100 : max, text };
  });
}
