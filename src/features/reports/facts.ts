import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { berlinInstant } from '../../platform/time';
import { SECTORS, type Sector } from '../accounts/table';
import { offerings } from '../cohorts/table';
import { cohortCompletion } from '../completion/queries';
import { SEAT_HOLDING, type EnrolmentStatus } from '../enrolment/table';
import { canCompareMunicipalities, type ReportScope } from './access';
import type { ReportFilter } from './filters';
import * as q from './queries';

export const SECTOR_ROWS: Array<Sector | null> = [...SECTORS, null];

/** Participation figures of one group of enrolments (a municipality, a sector): the columns of the participation tables. */
export type Tally = Record<EnrolmentStatus | 'all' | 'completed' | 'certified', number>;
export const emptyTally = (): Tally => ({
  all: 0,
  nominiert: 0,
  bestaetigt: 0,
  warteliste: 0,
  abgelehnt: 0,
  abgemeldet: 0,
  completed: 0,
  certified: 0,
});

const addDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Everything a report is made of, for the scope and filter: the database's grouped counts (enrolments, certificates,
 * sessions, attendance, submissions) and the completion rule's own evaluation per cohort (completion's read model,
 * the same as on the cohort pages), tallied by municipality and sector. No table is shaped here.
 */
export async function gatherFacts(db: Db, scope: ReportScope, filter: ReportFilter, now: Date) {
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
    statistics,
    attendanceOf,
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
    q.optionalStatistics(db),
    canCompareMunicipalities(scope) ? q.attendanceByMunicipality(db, reach, period) : Promise.resolve([]),
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

  const ageBands = statistics.includes('altersgruppe') ? await q.enrolmentsByAgeBand(db, reach) : undefined;
  return {
    scope,
    filter,
    now,
    cohorts,
    chosenMunicipalities,
    nameOf,
    municipalityIds,
    moduleList,
    byMunicipality,
    bySector,
    cross,
    reasons,
    ageBands,
    sessionRows,
    unrecorded,
    byModule,
    byKind,
    ueOf,
    ueTotal,
    moduleDone,
    passed,
    qualified,
    atRisk,
    certEvents,
    attendanceOf: new Map(attendanceOf.map((r) => [r.municipalityId, r])),
  };
}
export type Facts = Awaited<ReturnType<typeof gatherFacts>>;
