import type { Db } from '../../platform/db/client';
import { minuteOf, versionedCache } from '../../platform/db/data-version';
import { canCompareMunicipalities, canSeeParticipation, mustSuppress, type ReportScope } from './access';
import { processSummaries } from '../process/queries';
import { berlinToday } from '../../platform/time';
import { processTable } from './tables';
import { gatherFacts } from './facts';
import type { ReportFilter } from './filters';
import { suppress, type ReportTable } from './model';
import * as q from './queries';
import { deliveryTables, outcomeTables, participationTables } from './tables';

export type Report = {
  scope: ReportScope;
  filter: ReportFilter;
  /** The cohorts the figures cover. */
  cohorts: Array<{ id: number; name: string; startsOn: string; endsOn: string; status: string }>;
  /** The municipalities the figures cover (names), or undefined for all. */
  municipalities?: Array<{ id: number; name: string }>;
  tables: ReportTable[];
  /** The threshold below which counts are suppressed; 0 when nothing is. */
  minCell: number;
  generatedAt: Date;
};

/**
 * The programme's figures in one place: the facts for the scope and filter (facts.ts: SQL GROUP BY over the records,
 * and completion's own evaluation), shaped into tables (tables.ts), small cells suppressed outside the SPI-Team.
 */
export async function buildReport(
  db: Db,
  scope: ReportScope,
  filter: ReportFilter,
  now: Date,
  opts: { minCell: number },
): Promise<Report> {
  const f = await gatherFacts(db, scope, filter, now);
  const minCell = mustSuppress(scope) ? opts.minCell : 0;
  const tables = [...participationTables(f, minCell), ...deliveryTables(f), ...outcomeTables(f)];
  return {
    scope,
    filter,
    cohorts: f.cohorts,
    municipalities: f.chosenMunicipalities?.map((id) => ({ id, name: f.nameOf.get(id) ?? '' })),
    tables: minCell ? tables.map((x) => suppress(x, minCell)) : tables,
    minCell,
    generatedAt: now,
  };
}

/**
 * Reports cached under the versions covering every table they read (completion: enrolments, sessions, attendance,
 * assignments, certificates, municipalities; people: users, cohort_municipalities), keyed by scope, filter and minute:
 * the page and its exports, opened one after the other, compute the figures once.
 */
const cachedReport = versionedCache(
  ['completion', 'people'],
  (scope: ReportScope, filter: ReportFilter, now: Date, opts: { minCell: number }) =>
    `report|${JSON.stringify(scope)}|${JSON.stringify(filter)}|${opts.minCell}|${minuteOf(now)}`,
  buildReport,
  100,
);

/** What the reports page needs: the report for an actor, and the choices of its filter form. */
export function reportsService(deps: {
  db: Db;
  clock: { now(): Date };
  minCell: number;
  fundingYearStart: string;
  contentDir: string;
}) {
  const { db, clock } = deps;
  return {
    minCell: deps.minCell,
    fundingYearStart: deps.fundingYearStart,
    /**
     * The report, with the municipalities' process status as of today appended: it is not under the data versions the
     * figures are cached by (three small queries).
     */
    async build(scope: ReportScope, filter: ReportFilter): Promise<Report> {
      const now = clock.now();
      const report = await cachedReport(db, scope, filter, now, { minCell: deps.minCell });
      if (!canSeeParticipation(scope)) return report;
      const ids = scope.kind === 'municipality' ? [scope.municipalityId] : report.municipalities?.map((m) => m.id);
      const { rows: summaries } = await processSummaries(db, deps.contentDir, berlinToday(now), ids);
      return { ...report, tables: [...report.tables, processTable(summaries)] };
    },
    /** Cohorts the scope reaches (any period) and, for the SPI-Team, every municipality. */
    async options(scope: ReportScope) {
      const cohorts = await q.cohortsInPeriod(db, {
        from: '1900-01-01',
        to: '9999-12-31',
        municipalityIds: scope.kind === 'municipality' ? [scope.municipalityId] : undefined,
        trainerId: scope.kind === 'teaching' ? scope.trainerId : undefined,
      });
      const municipalities = canCompareMunicipalities(scope) ? await q.municipalityNames(db) : [];
      return { cohorts: cohorts.reverse(), municipalities };
    },
    municipalityName: async (id: number) => (await q.municipalityNames(db)).find((m) => m.id === id)?.name,
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
