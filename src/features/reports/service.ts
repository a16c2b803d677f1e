import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { minuteOf, versionedCache } from '../../platform/db/data-version';
import { berlinInstant } from '../../platform/time';
import { AGE_BANDS, SECTORS, type Sector } from '../accounts/table';
import { offerings } from '../cohorts/table';
import { cohortCompletion } from '../completion/queries';
import { SEAT_HOLDING, type EnrolmentStatus } from '../enrolment/table';
import { canCompareMunicipalities, canSeeParticipation, mustSuppress, type ReportScope } from './access';
import type { ReportFilter } from './filters';
import { suppress, type ReportTable, type Row, type Value } from './model';
import * as q from './queries';
import { t } from './texts';

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

const SECTOR_ROWS: Array<Sector | null> = [...SECTORS, null];
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

/** Participation figures of one group of enrolments (a municipality, a sector): the columns of the participation tables. */
type Tally = Record<EnrolmentStatus | 'all' | 'completed' | 'certified', number>;
const emptyTally = (): Tally => ({
  all: 0,
  nominiert: 0,
  bestaetigt: 0,
  warteliste: 0,
  abgelehnt: 0,
  abgemeldet: 0,
  completed: 0,
  certified: 0,
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

/**
 * The programme's figures in one place: participation, delivery and outcomes for a period, computed by the database
 * (GROUP BY over enrolments, sessions, attendance, submissions, certificates) except completion, which is the rule's
 * own evaluation (completion's read model, the same as on the cohort pages) counted per municipality and sector.
 */
export async function buildReport(
  db: Db,
  scope: ReportScope,
  filter: ReportFilter,
  now: Date,
  opts: { minCell: number },
): Promise<Report> {
  const chosenMunicipalities =
    scope.kind === 'municipality'
      ? [scope.municipalityId]
      : canCompareMunicipalities(scope) && filter.municipalityIds.length
        ? filter.municipalityIds
        : undefined;
  const cohorts = await q.cohortsInPeriod(db, {
    from: filter.from,
    to: filter.to,
    cohortIds: filter.cohortIds,
    municipalityIds: chosenMunicipalities,
    trainerId: scope.kind === 'teaching' ? scope.trainerId : undefined,
  });
  const cohortIds = cohorts.map((c) => c.id);
  const reach: q.Reach = {
    cohortIds,
    municipalityIds: chosenMunicipalities,
    offeringIds: scope.kind === 'teaching' ? await q.taughtOfferings(db, scope.trainerId, cohortIds) : undefined,
  };
  const period = { from: filter.from, to: filter.to, now };
  const bounds = { fromAt: berlinInstant(filter.from, '00:00'), toAt: berlinInstant(addDay(filter.to), '00:00') };
  const [
    names,
    moduleList,
    enrolmentRows,
    reasons,
    certRows,
    certEvents,
    sessionRows,
    byModule,
    byKind,
    perPerson,
    unrecorded,
    passed,
    offeringRows,
  ] = await Promise.all([
    q.municipalityNames(db),
    q.moduleList(db),
    q.enrolmentCounts(db, reach),
    q.withdrawalReasons(db, reach),
    q.validCertificates(db, reach),
    q.certificateEvents(db, reach, bounds),
    q.sessionsByKind(db, reach, period),
    q.attendanceByModule(db, reach, period),
    q.attendanceByKind(db, reach, period),
    q.uePerPerson(db, reach, period),
    q.unrecordedSessions(db, reach, period),
    q.assignmentsPassed(db, reach),
    cohortIds.length
      ? db
          .select({ id: offerings.id, moduleId: offerings.moduleId })
          .from(offerings)
          .where(inArray(offerings.cohortId, cohortIds))
      : Promise.resolve([]),
  ]);
  const nameOf = new Map(names.map((m) => [m.id, m.name]));
  const moduleOf = new Map(offeringRows.map((o) => [o.id, o.moduleId]));

  // Completion: the rule evaluated per cohort (cached under the completion version), counted here.
  const completions = [];
  for (const c of cohorts) {
    const data = await cohortCompletion(
      db,
      c.id,
      now,
      scope.kind === 'municipality' ? { municipalityId: scope.municipalityId } : {},
    );
    completions.push({
      cohort: c,
      rows: data.rows.filter((r) => !chosenMunicipalities || chosenMunicipalities.includes(r.municipalityId)),
    });
  }

  // Participation by municipality and by sector, from the grouped enrolments, certificates and completions.
  const byMunicipality = new Map<number, Tally>();
  const bySector = new Map<Sector | null, Tally>(SECTOR_ROWS.map((s) => [s, emptyTally()]));
  const cross = new Map<number, Map<Sector | null, number>>();
  const tallyOf = (municipalityId: number) => {
    if (!byMunicipality.has(municipalityId)) byMunicipality.set(municipalityId, emptyTally());
    return byMunicipality.get(municipalityId)!;
  };
  for (const r of enrolmentRows) {
    for (const tally of [tallyOf(r.municipalityId), bySector.get(r.sector)!]) {
      tally.all += r.n;
      tally[r.status] += r.n;
    }
    if (!cross.has(r.municipalityId)) cross.set(r.municipalityId, new Map());
    const m = cross.get(r.municipalityId)!;
    m.set(r.sector, (m.get(r.sector) ?? 0) + r.n);
  }
  for (const r of certRows)
    if (r.kind === 'zertifikat') {
      tallyOf(r.municipalityId).certified += r.n;
      bySector.get(r.sector)!.certified += r.n;
    }
  let qualified = 0;
  let atRisk = 0;
  const moduleDone = new Map<number, { inModule: number; done: number }>();
  const taught = reach.offeringIds ? new Set(reach.offeringIds) : undefined;
  for (const { cohort, rows } of completions)
    for (const r of rows) {
      const holds = SEAT_HOLDING.includes(r.enrolment.status);
      if (holds && r.completion.eligible) {
        qualified++;
        tallyOf(r.municipalityId).completed++;
        bySector.get(r.person.sector)!.completed++;
      }
      if (holds && !r.ledger.reachable && cohort.status !== 'abgeschlossen') atRisk++;
      for (const o of r.completion.offerings) {
        if (taught && !taught.has(o.offeringId)) continue;
        const ledger = r.ledger.offerings.find((l) => l.offering.id === o.offeringId);
        if (!ledger || ledger.state === 'entfaellt') continue;
        const moduleId = moduleOf.get(o.offeringId)!;
        const entry = moduleDone.get(moduleId) ?? { inModule: 0, done: 0 };
        entry.inModule++;
        if (o.completed) entry.done++;
        moduleDone.set(moduleId, entry);
      }
    }

  const municipalityIds = [...new Set([...byMunicipality.keys(), ...(chosenMunicipalities ?? [])])].sort((a, b) =>
    (nameOf.get(a) ?? '').localeCompare(nameOf.get(b) ?? '', 'de'),
  );
  const ueOf = new Map(perPerson.filter((p) => !p.total).map((p) => [p.municipalityId!, p]));
  const ueTotal = perPerson.find((p) => p.total);

  const tables: ReportTable[] = [];
  const participationColumns = PARTICIPATION_COLUMNS.map((k) => col(k));
  if (canSeeParticipation(scope)) {
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
      });
    }
    if ((await q.optionalStatistics(db)).includes('altersgruppe')) {
      const bands = await q.enrolmentsByAgeBand(db, reach);
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
      });
    }
    // Reasons as typed could name a person: outside the SPI-Team, rare ones are folded into one row.
    const min = mustSuppress(scope) ? opts.minCell : 0;
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
    });
  }

  // Delivery.
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

  // Outcomes.
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
    const rateOf = await attendanceRates(db, reach, period);
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

  const minCell = mustSuppress(scope) ? opts.minCell : 0;
  return {
    scope,
    filter,
    cohorts,
    municipalities: chosenMunicipalities?.map((id) => ({ id, name: nameOf.get(id) ?? '' })),
    tables: minCell ? tables.map((x) => suppress(x, minCell)) : tables,
    minCell,
    generatedAt: now,
  };
}

/** Attendance per municipality for the overview (SPI-Team only). */
async function attendanceRates(db: Db, reach: q.Reach, period: { from: string; to: string; now: Date }) {
  const rows = await q.attendanceByMunicipality(db, reach, period);
  return new Map(rows.map((r) => [r.municipalityId, r]));
}

const addDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

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
export function reportsService(deps: { db: Db; clock: { now(): Date }; minCell: number; fundingYearStart: string }) {
  const { db, clock } = deps;
  return {
    minCell: deps.minCell,
    fundingYearStart: deps.fundingYearStart,
    build: (scope: ReportScope, filter: ReportFilter) =>
      cachedReport(db, scope, filter, clock.now(), { minCell: deps.minCell }),
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
