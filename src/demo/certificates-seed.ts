import { asc, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { createMailer } from '../platform/mail/mailer';
import type { Db } from '../platform/db/client';
import type { FileStore } from '../platform/files/store';
import { users } from '../features/accounts/table';
import { modules } from '../features/catalogue/table';
import { municipalities } from '../features/municipalities/table';
import {
  cohortMunicipalities,
  cohorts,
  offerings,
  offeringTrainers,
  scheduleSessions,
} from '../features/cohorts/table';
import { enrolments } from '../features/enrolment/table';
import { attendance } from '../features/attendance/table';
import { lessonProgress } from '../features/learning/table';
import { lessons } from '../features/catalogue/table';
import { certificatesService } from '../features/certificates/service';

/**
 * A completed cohort from last year: four people from Görlitz attended everything and hold their Zertifikat; one was
 * corrected after a change of name, one revoked. The register and /verify have something real to show.
 */
const GRADUATES = [
  {
    firstName: 'Henrike',
    lastName: 'Lange',
    sector: 'verwaltung' as const,
    organisation: 'Stadtverwaltung Görlitz, Ordnungsamt',
    jobTitle: 'Sachgebietsleiterin',
    certificateTitle: 'konfliktmanagerin' as const,
  },
  {
    firstName: 'Mehmet',
    lastName: 'Aydın',
    sector: 'zivilgesellschaft' as const,
    organisation: 'Interkultureller Verein Görlitz e.V.',
    jobTitle: 'Vorstand',
    certificateTitle: 'konfliktmanager' as const,
  },
  {
    firstName: 'Sophie',
    lastName: 'Wendt',
    sector: 'bildung' as const,
    organisation: 'Augustum-Annen-Gymnasium Görlitz',
    jobTitle: 'Schulsozialarbeiterin',
    certificateTitle: 'konfliktmanagerin' as const,
  },
  {
    firstName: 'Jan',
    lastName: 'Kowalski',
    sector: 'verwaltung' as const,
    organisation: 'Landkreis Görlitz, Jugendamt',
    jobTitle: 'Sozialarbeiter',
    certificateTitle: 'konfliktmanager_in' as const,
  },
];

export async function seedDemoCertificates(
  db: Db,
  opts: {
    now: Date;
    files: FileStore;
    baseUrl: string;
    signatories: Array<{ name: string; role: string }>;
    place: string;
    fundingLine: string;
    logos: string[];
  },
): Promise<void> {
  const [goerlitz] = await db.select().from(municipalities).where(eq(municipalities.name, 'Görlitz'));
  const admin = (await db.select().from(users).where(eq(users.email, 'admin@kokoma.example')))[0];
  const trainer = (await db.select().from(users).where(eq(users.email, 'trainer.brandt@kokoma.example')))[0];
  const mods = await db.select().from(modules).orderBy(asc(modules.position));
  const chosen = [
    ...mods.filter((m) => m.kind === 'praesenz').slice(0, 4),
    ...mods.filter((m) => m.kind === 'online').slice(0, 1),
  ];
  if (!goerlitz || !admin || !trainer || chosen.length < 5) return;
  // graduates of their own: nobody who finished last year sits in this year's running cohort. They sign in with the
  // demo password (the admin's hash: every demo account shares it), so a holder can download their certificate.
  const people = await db
    .insert(users)
    .values(
      GRADUATES.map((g, i) => ({
        ...g,
        email: `absolvent.goerlitz${i + 1}@kokoma.example`,
        role: 'trainee' as const,
        municipalityId: goerlitz.id,
        passwordHash: admin.passwordHash,
      })),
    )
    .returning();
  const [cohort] = await db
    .insert(cohorts)
    .values({
      name: 'Durchgang 2025/26 Oberlausitz',
      startsOn: '2025-09-01',
      endsOn: '2026-06-30',
      status: 'abgeschlossen',
      seats: 12,
    })
    .returning();
  await db.insert(cohortMunicipalities).values({ cohortId: cohort!.id, municipalityId: goerlitz.id, quota: 6 });
  await db.insert(enrolments).values(
    people.map((p) => ({
      cohortId: cohort!.id,
      userId: p.id,
      municipalityId: goerlitz.id,
      status: 'bestaetigt' as const,
      nominatedAt: new Date('2025-08-01T10:00:00Z'),
      seatSince: new Date('2025-08-01T10:00:00Z'),
      decidedAt: new Date('2025-08-05T10:00:00Z'),
    })),
  );
  for (const [i, mod] of chosen.entries()) {
    const [o] = await db
      .insert(offerings)
      .values({ cohortId: cohort!.id, moduleId: mod.id, position: i + 1 })
      .returning();
    await db.insert(offeringTrainers).values({ offeringId: o!.id, userId: trainer.id });
    const month = String(10 + i > 12 ? i - 2 : 10 + i).padStart(2, '0');
    const year = 10 + i > 12 ? 2026 : 2025;
    const [s] = await db
      .insert(scheduleSessions)
      .values({
        offeringId: o!.id,
        date: `${year}-${month}-14`,
        startTime: mod.kind === 'online' ? '16:00' : '09:00',
        endTime: mod.kind === 'online' ? '19:00' : '16:30',
        kind: mod.kind,
        location: mod.kind === 'online' ? '' : 'Görlitz, Rathaus, Untermarkt 6',
        videoUrl: mod.kind === 'online' ? 'https://konferenz.kokoma.example/oberlausitz' : '',
        ue: mod.kind === 'online' ? 4 : 8,
      })
      .returning();
    await db.insert(attendance).values(
      people.map((p) => ({
        sessionId: s!.id,
        userId: p.id,
        status: 'anwesend' as const,
        source: 'liste' as const,
        recordedById: trainer.id,
        recordedAt: new Date(`${year}-${month}-14T16:00:00Z`),
      })),
    );
  }
  // the online lessons of these modules, done
  const moduleLessons = await db
    .select({ id: lessons.id })
    .from(lessons)
    .where(
      inArray(
        lessons.moduleId,
        chosen.map((m) => m.id),
      ),
    );
  const done = people.flatMap((p) => moduleLessons.map((l) => ({ userId: p.id, lessonId: l.id })));
  if (done.length) await db.insert(lessonProgress).values(done).onConflictDoNothing();

  const svc = certificatesService({
    db,
    clock: { now: () => opts.now },
    mailer: createMailer({ db, clock: { now: () => opts.now }, from: '', logger: pino({ level: 'silent' }) }),
    logger: pino({ level: 'silent' }),
    files: opts.files,
    baseUrl: opts.baseUrl,
    signatories: opts.signatories,
    place: opts.place,
    fundingLine: opts.fundingLine,
    logos: opts.logos,
  });
  const actor = {
    id: admin.id,
    email: admin.email,
    firstName: admin.firstName,
    lastName: admin.lastName,
    role: 'admin' as const,
    municipalityId: null,
  };
  await svc.issue(
    actor,
    cohort!.id,
    people.map((p) => ({ userId: p.id, kind: 'zertifikat' as const, offeringId: null })),
  );
  const issued = await svc.register(actor, { cohortId: cohort!.id });
  const byUser = (id: number) => issued.find((r) => r.certificate.userId === id)!.certificate;
  // a change of name after issue: corrected with a new version
  const renamed = people[0]!;
  await db
    .update(users)
    .set({ lastName: `${renamed.lastName}-Neumann` })
    .where(eq(users.id, renamed.id));
  await svc.correct(actor, byUser(renamed.id).id, 'Namensänderung nach Heirat');
  await svc.revoke(actor, byUser(people[1]!.id).id, 'Teilnahmebedingungen nachträglich nicht erfüllt (Demo)');
}
