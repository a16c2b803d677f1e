import type { Request } from 'express';
import type { FieldErrors } from '../../platform/errors';
import { parseId } from '../../platform/http/params';
import { berlinToday } from '../../platform/time';
import { t } from './texts';

export const PERIOD_KINDS = ['jahr', 'foerderjahr', 'frei'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** What the report is about: a period (both ends included, Berlin dates), and the cohorts and municipalities chosen. */
export type ReportFilter = {
  kind: PeriodKind;
  from: string;
  to: string;
  cohortIds: number[];
  municipalityIds: number[];
};

/** The form as typed, to show it again with the errors. */
export type FilterInput = {
  kind: string;
  year: string;
  from: string;
  to: string;
  cohorts: string[];
  municipalities: string[];
};

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => typeof x === 'string').slice(0, 200);
const ids = (v: string[]) => [...new Set(v.map(parseId).filter((x): x is number => x !== undefined))];
const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 40) : '');

/** A German or ISO date ("31.12.2026", "2026-12-31") as ISO, or undefined. */
export function parseDay(s: string): string | undefined {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = s.includes('.') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The report's filter from the query string. Defaults: the current calendar year, every cohort, every municipality.
 * The funding year begins on `fundingYearStart` (MM-DD) and runs for a year; from–to spans at most ten years.
 */
export function parseFilter(
  req: Request,
  now: Date,
  fundingYearStart: string,
): { input: FilterInput; filter?: ReportFilter; errors: FieldErrors } {
  const q = req.query as Record<string, unknown>;
  const today = berlinToday(now);
  const input: FilterInput = {
    kind: PERIOD_KINDS.includes(text(q.zeitraum) as PeriodKind) ? text(q.zeitraum) : 'jahr',
    year: text(q.jahr) || today.slice(0, 4),
    from: text(q.von),
    to: text(q.bis),
    cohorts: list(q.durchgang),
    municipalities: list(q.kommune),
  };
  const errors: FieldErrors = {};
  let from: string | undefined;
  let to: string | undefined;
  if (input.kind === 'frei') {
    from = parseDay(input.from);
    to = parseDay(input.to);
    if (!from) errors.von = t('reports.msg.from');
    if (!to) errors.bis = t('reports.msg.to');
    if (from && to && to < from) errors.bis = t('reports.msg.order');
    else if (from && to && Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) errors.bis = t('reports.msg.span');
  } else {
    const year = /^\d{4}$/.test(input.year) ? Number(input.year) : NaN;
    if (!(year >= 2000 && year <= 2100)) errors.jahr = t('reports.msg.year');
    else if (input.kind === 'jahr') [from, to] = [`${year}-01-01`, `${year}-12-31`];
    else {
      from = `${year}-${fundingYearStart}`;
      to = addDays(`${year + 1}-${fundingYearStart}`, -1);
    }
  }
  if (Object.keys(errors).length || !from || !to) return { input, errors };
  return {
    input,
    errors,
    filter: {
      kind: input.kind as PeriodKind,
      from,
      to,
      cohortIds: ids(input.cohorts),
      municipalityIds: ids(input.municipalities),
    },
  };
}

/** The filter as a query string, for the export links and a municipality's own report. */
export function filterQuery(f: ReportFilter, override: Partial<ReportFilter> = {}): string {
  const g = { ...f, ...override };
  const p = new URLSearchParams();
  p.set('zeitraum', 'frei');
  p.set('von', g.from);
  p.set('bis', g.to);
  for (const id of g.cohortIds) p.append('durchgang', String(id));
  for (const id of g.municipalityIds) p.append('kommune', String(id));
  return p.toString();
}
