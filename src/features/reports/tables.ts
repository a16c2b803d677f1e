import { AGE_BANDS, type Sector } from '../accounts/table';
import type { EnrolmentStatus } from '../enrolment/table';
import { canCompareMunicipalities, canSeeParticipation } from './access';
import { emptyTally, SECTOR_ROWS, type Facts, type Tally } from './facts';
import type { ReportTable, Row, Value } from './model';
import { t } from './texts';
import type { ProcessSummary } from '../process/queries';

/**
 * The report's tables, shaped from the facts: what each shows, its columns and totals, its chart and the definitions
 * its figures rest on. Every output (page, CSV, XLSX, PDF) prints exactly these.
 */

const sectorLabel = (s: Sector | null) => t(`reports.sector.${s ?? 'none'}`);
const kindLabel = (k: string) => t(`reports.sessionKind.${k}`);
const col = (key: string, format: 'count' | 'ue' | 'share' = 'count') => ({ label: t(`reports.col.${key}`), format });
const rate = (attended: number, recorded: number) =>
  recorded > 0 ? Math.round((attended / recorded) * 1000) / 1000 : null;
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const sumRows = (label: string, rows: Row[], n: number): Row => ({
  label,
  values: Array.from({ length: n }, (_, i) =>
    rows.reduce((a, r) => a + (typeof r.values[i] === 'number' ? (r.values[i] as number) : 0), 0),
  ),
});

const PARTICIPATION_COLUMNS = [
  'nominated',
  'confirmed',
  'open',
  'waitlisted',
  'rejected',
  'withdrawn',
  'completed',
  'certified',
];
const tallyValues = (x: Tally): Value[] => [
  x.all,
  x.bestaetigt,
  x.nominiert,
  x.warteliste,
  x.abgelehnt,
  x.abgemeldet,
  x.completed,
  x.certified,
];

/** Participation: by municipality, by sector, municipality × sector, age band (if switched on), withdrawals. */
export function participationTables(f: Facts, minCell: number): ReportTable[] {
  const { scope, municipalityIds, nameOf, byMunicipality, bySector, cross, reasons } = f;
  const tables: ReportTable[] = [];
  if (!canSeeParticipation(scope)) return tables;
  const participationColumns = PARTICIPATION_COLUMNS.map((k) => col(k));
  if (canCompareMunicipalities(scope)) {
    const rows = municipalityIds.map((id) => ({
      label: nameOf.get(id) ?? '',
      values: tallyValues(byMunicipality.get(id) ?? emptyTally()),
    }));
    tables.push({
      key: 'teilnahmen-kommunen',
      title: t('reports.table.participantsByMunicipality'),
      rowHeader: t('reports.col.municipality'),
      columns: participationColumns,
      rows,
      total: sumRows(t('reports.total'), rows, participationColumns.length),
      chart: { title: t('reports.chart.participantsByMunicipality'), value: 1, max: 0 },
      definitions: ['participation', 'status', 'completed', 'certified'],
      sums: { total: [0, 1, 2, 3, 4, 5, 6, 7], columns: [{ total: 0, parts: [1, 2, 3, 4, 5] }] },
    });
  }
  const sectorRows = SECTOR_ROWS.map((s) => ({ label: sectorLabel(s), values: tallyValues(bySector.get(s)!) }));
  tables.push({
    key: 'teilnahmen-sektoren',
    title: t('reports.table.participantsBySector'),
    rowHeader: t('reports.col.sector'),
    columns: participationColumns,
    rows: sectorRows,
    total: sumRows(t('reports.total'), sectorRows, participationColumns.length),
    chart: { title: t('reports.chart.participantsBySector'), value: 0 },
    definitions: ['participation', 'status', 'sector', 'completed', 'certified'],
    sums: { total: [0, 1, 2, 3, 4, 5, 6, 7], columns: [{ total: 0, parts: [1, 2, 3, 4, 5] }] },
  });
  if (canCompareMunicipalities(scope)) {
    const columns = [
      ...SECTOR_ROWS.map((s) => ({ label: sectorLabel(s), format: 'count' as const })),
      col('nominated'),
    ];
    const rows = municipalityIds.map((id) => {
      const m = cross.get(id) ?? new Map();
      const cells = SECTOR_ROWS.map((s) => m.get(s) ?? 0);
      return { label: nameOf.get(id) ?? '', values: [...cells, cells.reduce((a, b) => a + b, 0)] };
    });
    tables.push({
      key: 'kommunen-sektoren',
      title: t('reports.table.municipalitySector'),
      rowHeader: t('reports.col.municipality'),
      columns,
      rows,
      total: sumRows(t('reports.total'), rows, columns.length),
      definitions: ['participation', 'sector'],
      sums: { total: [0, 1, 2, 3, 4, 5], columns: [{ total: 5, parts: [0, 1, 2, 3, 4] }] },
    });
  }
  if (f.ageBands) {
    const bands = f.ageBands;
    const rows = [...AGE_BANDS, null].map((b) => {
      const of = bands.filter((x) => x.ageBand === b);
      const n = (status?: EnrolmentStatus) =>
        of.filter((x) => !status || x.status === status).reduce((a, x) => a + x.n, 0);
      return { label: b ? t(`ageBands.${b}`) : t('reports.sector.none'), values: [n(), n('bestaetigt')] };
    });
    tables.push({
      key: 'altersgruppen',
      title: t('reports.table.ageBands'),
      rowHeader: t('reports.col.ageBand'),
      columns: [col('nominated'), col('confirmed')],
      rows,
      total: sumRows(t('reports.total'), rows, 2),
      definitions: ['participation', 'ageBand'],
      sums: { total: [0, 1] },
    });
  }
  // Reasons as typed could name a person: outside the SPI-Team, rare ones are folded into one row.
  const min = minCell;
  const common = reasons.filter((r) => r.n >= min);
  const rare = reasons.filter((r) => r.n < min).reduce((a, r) => a + r.n, 0);
  const reasonRows: Row[] = common.map((r) => ({ label: r.reason || t('reports.sector.none'), values: [r.n] }));
  if (rare > 0) reasonRows.push({ label: t('reports.otherReasons'), values: [rare] });
  tables.push({
    key: 'abmeldegruende',
    title: t('reports.table.withdrawals'),
    rowHeader: t('reports.col.reason'),
    columns: [col('count')],
    rows: reasonRows,
    total: { label: t('reports.total'), values: [reasons.reduce((a, r) => a + r.n, 0)] },
    definitions: ['withdrawals'],
    sums: { total: [0] },
  });
  return tables;
}

/** Delivery: sessions by kind, attendance by module and by kind, UE per participation. */
export function deliveryTables(f: Facts): ReportTable[] {
  const { scope, municipalityIds, nameOf, sessionRows, unrecorded, byModule, byKind, ueOf, ueTotal } = f;
  const tables: ReportTable[] = [];
  const unrecordedBy = (k: string) => unrecorded.filter((u) => u.kind === k).length;
  const sessionTableRows = (['praesenz', 'online'] as const).map((k) => {
    const s = sessionRows.find((r) => r.kind === k);
    return {
      label: kindLabel(k),
      values: [s?.planned ?? 0, s?.held ?? 0, s?.uePlanned ?? 0, s?.ueHeld ?? 0, unrecordedBy(k)],
    };
  });
  // sessions and UE are not people: never suppressed
  const sessionColumns = ['planned', 'held', 'uePlanned', 'ueHeld', 'unrecorded'].map((k) => ({
    ...col(k),
    people: false,
  }));
  tables.push({
    key: 'termine',
    title: t('reports.table.sessions'),
    rowHeader: t('reports.col.kind'),
    columns: sessionColumns,
    rows: sessionTableRows,
    total: sumRows(t('reports.total'), sessionTableRows, sessionColumns.length),
    chart: { title: t('reports.chart.sessions'), value: 1, max: 0 },
    definitions: ['held', 'unrecorded'],
  });
  const attendanceColumns = [col('people'), col('ueRecorded', 'ue'), col('ueAttended', 'ue'), col('rate', 'share')];
  const attendanceRow = (
    label: string,
    a: { people: number; ueRecorded: number; ueAttended: number } | undefined,
  ): Row => ({
    label,
    people: a?.people ?? 0,
    values: [
      a?.people ?? 0,
      round1(a?.ueRecorded ?? 0),
      round1(a?.ueAttended ?? 0),
      rate(a?.ueAttended ?? 0, a?.ueRecorded ?? 0),
    ],
  });
  const moduleRows = byModule.map((m) => attendanceRow(m.title, m));
  const totalOfModules = byModule.reduce(
    (a, m) => ({ people: a.people, ueRecorded: a.ueRecorded + m.ueRecorded, ueAttended: a.ueAttended + m.ueAttended }),
    { people: ueTotal?.people ?? 0, ueRecorded: 0, ueAttended: 0 },
  );
  tables.push({
    key: 'anwesenheit-module',
    title: t('reports.table.attendanceByModule'),
    rowHeader: t('reports.col.module'),
    columns: attendanceColumns,
    rows: moduleRows,
    total: attendanceRow(t('reports.total'), totalOfModules),
    chart: { title: t('reports.chart.attendanceByModule'), value: 3, percent: true },
    definitions: ['attendance'],
    sums: { total: [1, 2] },
  });
  tables.push({
    key: 'anwesenheit-art',
    title: t('reports.table.attendanceByKind'),
    rowHeader: t('reports.col.kind'),
    columns: attendanceColumns,
    rows: (['praesenz', 'online'] as const).map((k) =>
      attendanceRow(
        kindLabel(k),
        byKind.find((r) => r.kind === k),
      ),
    ),
    total: attendanceRow(t('reports.total'), totalOfModules),
    definitions: ['attendance'],
    sums: { total: [1, 2] },
  });
  const ueColumns = [col('people'), col('mean', 'ue'), col('median', 'ue')];
  const ueRow = (label: string, p: { people: number; mean: number; median: number } | undefined): Row => ({
    label,
    people: p?.people ?? 0,
    values: [p?.people ?? 0, p ? round1(p.mean) : null, p ? round1(p.median) : null],
  });
  tables.push({
    key: 'ue-je-teilnahme',
    title: t('reports.table.uePerPerson'),
    rowHeader: canCompareMunicipalities(scope) ? t('reports.col.municipality') : t('reports.col.figure'),
    columns: ueColumns,
    rows: canCompareMunicipalities(scope) ? municipalityIds.map((id) => ueRow(nameOf.get(id) ?? '', ueOf.get(id))) : [],
    total: ueRow(t('reports.total'), ueTotal),
    definitions: ['uePerPerson'],
  });

  return tables;
}

/** Outcomes: per module, the programme's completions and certificates, and one line per municipality. */
export function outcomeTables(f: Facts): ReportTable[] {
  const {
    scope,
    municipalityIds,
    nameOf,
    moduleList,
    moduleDone,
    passed,
    qualified,
    atRisk,
    certEvents,
    byMunicipality,
  } = f;
  const tables: ReportTable[] = [];
  const passedOf = new Map(passed.map((p) => [p.moduleId, p.n]));
  const outcomeModules = moduleList.filter((m) => moduleDone.has(m.id) || passedOf.has(m.id));
  const outcomeRows = outcomeModules.map((m) => ({
    label: m.title,
    values: [moduleDone.get(m.id)?.inModule ?? 0, moduleDone.get(m.id)?.done ?? 0, passedOf.get(m.id) ?? 0],
  }));
  tables.push({
    key: 'abschluesse-module',
    title: t('reports.table.moduleOutcomes'),
    rowHeader: t('reports.col.module'),
    columns: [col('inModule'), col('moduleCompleted'), col('assignmentsPassed')],
    rows: outcomeRows,
    total: sumRows(t('reports.total'), outcomeRows, 3),
    chart: { title: t('reports.chart.moduleOutcomes'), value: 1, max: 0 },
    definitions: ['moduleCompleted', 'assignmentsPassed'],
    sums: { total: [0, 1, 2] },
  });
  const moduleCompletions = [...moduleDone.values()].reduce((a, m) => a + m.done, 0);
  const assignmentsTotal = passed.reduce((a, p) => a + p.n, 0);
  const figure = (key: string, n: number): Row => ({ label: t(`reports.outcome.${key}`), values: [n] });
  tables.push({
    key: 'abschluesse',
    title: t('reports.table.outcomes'),
    rowHeader: t('reports.col.figure'),
    columns: [col('value')],
    rows: canSeeParticipation(scope)
      ? [
          figure('qualification', qualified),
          figure('moduleCompletions', moduleCompletions),
          figure('assignmentsPassed', assignmentsTotal),
          figure('issued', certEvents.issued),
          figure('zertifikate', certEvents.zertifikate),
          figure('corrected', certEvents.corrected),
          figure('revoked', certEvents.revoked),
          figure('atRisk', atRisk),
        ]
      : [figure('moduleCompletions', moduleCompletions), figure('assignmentsPassed', assignmentsTotal)],
    definitions: canSeeParticipation(scope)
      ? ['completed', 'moduleCompleted', 'assignmentsPassed', 'certificates', 'atRisk']
      : ['moduleCompleted', 'assignmentsPassed'],
  });

  if (canCompareMunicipalities(scope)) {
    const rateOf = f.attendanceOf;
    const rows = municipalityIds.map((id): Row => {
      const x = byMunicipality.get(id) ?? emptyTally();
      const a = rateOf.get(id);
      return {
        label: nameOf.get(id) ?? '',
        href: `municipality:${id}`,
        people: a?.people ?? 0,
        values: [x.all, x.bestaetigt, x.completed, x.certified, a ? rate(a.ueAttended, a.ueRecorded) : null],
      };
    });
    tables.push({
      key: 'kommunen',
      title: t('reports.table.municipalities'),
      rowHeader: t('reports.col.municipality'),
      columns: [col('nominated'), col('confirmed'), col('completed'), col('certified'), col('rate', 'share')],
      rows,
      definitions: ['participation', 'completed', 'certified', 'attendance'],
    });
  }
  return tables;
}

/** The municipalities' way through KoKoMa as of today (the process feature's summaries): not people, never suppressed. */
export function processTable(summaries: ProcessSummary[]): ReportTable {
  const text = (s: string) => ({ text: s });
  return {
    key: 'prozess',
    title: t('reports.table.process'),
    rowHeader: t('reports.col.municipality'),
    columns: [
      { label: t('reports.col.phase'), format: 'text' },
      { label: t('reports.col.milestonesReached'), format: 'count', people: false },
      { label: t('reports.col.milestonesTotal'), format: 'count', people: false },
      { label: t('reports.col.health'), format: 'text' },
    ],
    rows: summaries.map((p) => ({
      label: p.municipality.name,
      values: [
        text(
          p.phase.finished
            ? t('reports.phaseFinished')
            : p.phase.index
              ? `${p.phase.index}. ${p.phase.title}`
              : t('reports.phaseNotStarted'),
        ),
        p.reached,
        p.total,
        text(t(`reports.health.${p.health}`)),
      ],
    })),
    definitions: ['process'],
  };
}
