import type { Db } from '../../src/platform/db/client';
import { modules, type ModuleKind } from '../../src/features/catalogue/table';
import {
  cohortMunicipalities,
  cohorts,
  offerings,
  offeringTrainers,
  scheduleSessions,
  type CohortStatus,
} from '../../src/features/cohorts/table';
import { enrolments, type EnrolmentStatus } from '../../src/features/enrolment/table';
import { assignments, storedFiles, submissions, submissionVersions } from '../../src/features/assignments/table';

let counter = 0;

export async function makeModule(
  db: Db,
  opts: { kind?: ModuleKind; ue?: number; title?: string; objectives?: string[] } = {},
) {
  counter++;
  const [m] = await db
    .insert(modules)
    .values({
      slug: `testmodul-${counter}-${Math.random().toString(36).slice(2, 8)}`,
      number: counter,
      title: opts.title ?? `Testmodul ${counter}`,
      summary: 'Zusammenfassung',
      objectives: opts.objectives ?? [],
      reflection: [],
      kind: opts.kind ?? 'praesenz',
      ue: opts.ue ?? 16,
      mandatory: true,
      position: counter,
      introHtml: '<p>Intro</p>',
      sourceDir: 'x',
      contentHash: 'x',
    })
    .returning();
  return m!;
}

export async function makeCohort(
  db: Db,
  opts: {
    seats?: number;
    status?: CohortStatus;
    quotas?: Array<[number, number]>;
    startsOn?: string;
    endsOn?: string;
    name?: string;
  } = {},
) {
  counter++;
  const [c] = await db
    .insert(cohorts)
    .values({
      name: opts.name ?? `Testdurchgang ${counter}-${Math.random().toString(36).slice(2, 6)}`,
      startsOn: opts.startsOn ?? '2026-01-01',
      endsOn: opts.endsOn ?? '2027-12-31',
      status: opts.status ?? 'anmeldung_offen',
      seats: opts.seats ?? 20,
    })
    .returning();
  for (const [municipalityId, quota] of opts.quotas ?? [])
    await db.insert(cohortMunicipalities).values({ cohortId: c!.id, municipalityId, quota });
  return c!;
}

export async function makeOffering(
  db: Db,
  cohortId: number,
  opts: { trainerIds?: number[]; kind?: ModuleKind; position?: number } = {},
) {
  const m = await makeModule(db, { kind: opts.kind });
  const [o] = await db
    .insert(offerings)
    .values({ cohortId, moduleId: m.id, position: opts.position ?? 1 })
    .returning();
  for (const userId of opts.trainerIds ?? []) await db.insert(offeringTrainers).values({ offeringId: o!.id, userId });
  return { offering: o!, module: m };
}

export async function makeSession(
  db: Db,
  offeringId: number,
  opts: Partial<typeof scheduleSessions.$inferInsert> = {},
) {
  const [s] = await db
    .insert(scheduleSessions)
    .values({
      offeringId,
      date: '2026-10-25',
      startTime: '09:00',
      endTime: '16:30',
      kind: 'praesenz',
      location: 'Rathaus, Saal 2',
      ue: 8,
      ...opts,
    })
    .returning();
  return s!;
}

export async function enrol(
  db: Db,
  cohortId: number,
  user: { id: number; municipalityId: number | null },
  status: EnrolmentStatus = 'bestaetigt',
  at = new Date('2026-01-05T10:00:00Z'),
) {
  const [e] = await db
    .insert(enrolments)
    .values({
      cohortId,
      userId: user.id,
      municipalityId: user.municipalityId!,
      status,
      nominatedAt: at,
      waitlistedAt: status === 'warteliste' ? at : null,
      seatSince: status === 'warteliste' ? null : at,
    })
    .returning();
  return e!;
}

export async function makeAssignment(db: Db, offeringId: number, over: Partial<typeof assignments.$inferInsert> = {}) {
  const [a] = await db
    .insert(assignments)
    .values({
      offeringId,
      title: 'Testaufgabe',
      instructions: 'Bitte bearbeiten.',
      dueAt: new Date('2026-10-01T21:59:00Z'),
      expectsFile: true,
      expectsText: false,
      allowedKinds: ['pdf'],
      grading: 'bestanden',
      required: true,
      ...over,
    })
    .returning();
  return a!;
}

/** A handed-in submission with one stored (database-only) file record, for permission tests. */
export async function makeSubmission(db: Db, assignmentId: number, userId: number) {
  const [s] = await db
    .insert(submissions)
    .values({ assignmentId, userId, state: 'abgegeben', submittedAt: new Date('2026-09-30T10:00:00Z') })
    .returning();
  const [v] = await db
    .insert(submissionVersions)
    .values({ submissionId: s!.id, number: 1, submittedAt: new Date('2026-09-30T10:00:00Z') })
    .returning();
  const [f] = await db
    .insert(storedFiles)
    .values({
      versionId: v!.id,
      storageKey: '00/00000000-0000-0000-0000-000000000000',
      originalName: 'x.pdf',
      kind: 'pdf',
      size: 1,
      sha256: 'x',
    })
    .returning();
  return { submission: s!, file: f! };
}
