import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import { hashPassword } from '../platform/auth/password';
import { appMeta } from '../platform/db/meta-table';
import { municipalities } from '../features/municipalities/table';
import { users, type Sector } from '../features/accounts/table';
import { lessons, modules } from '../features/catalogue/table';
import { lessonProgress } from '../features/learning/table';
import { seedDemoCohorts } from './cohort-seed';
import { seedDemoCertificates } from './certificates-seed';
import { seedDemoProcess } from './process-seed';
import type { FileStore } from '../platform/files/store';

export const DEMO_PASSWORD = 'kokoma-demo';
export const DEMO_LOGINS = [
  { email: 'admin@kokoma.example', role: 'SPI-Team' },
  { email: 'trainerin@kokoma.example', role: 'Trainer:in' },
  { email: 'koordination.erfurt@kokoma.example', role: 'Kommunale Koordination Erfurt' },
  { email: 'teilnehmerin@kokoma.example', role: 'Teilnehmende (Erfurt)' },
  { email: 'trainer.brandt@kokoma.example', role: 'Trainer:in' },
];

const DEMO_MUNICIPALITIES = [
  {
    name: 'Erfurt',
    state: 'Thüringen',
    partnership: 'Partnerschaft für Demokratie Erfurt',
    localFacilitatorName: 'Jonas Weber',
    localFacilitatorOrganisation: 'Radio Frei e.V.',
    localFacilitatorEmail: 'j.weber@radio-frei.example',
    externalFacilitatorName: 'Dr. Miriam Hoffmann',
    externalFacilitatorEmail: 'm.hoffmann@stiftung-spi.example',
  },
  {
    name: 'Görlitz',
    state: 'Sachsen',
    partnership: 'Partnerschaft für Demokratie Görlitz',
    localFacilitatorName: 'Anna Krause',
    localFacilitatorOrganisation: 'Stadtverwaltung Görlitz',
    localFacilitatorEmail: 'a.krause@goerlitz.example',
    externalFacilitatorName: 'Tobias Brandt',
    externalFacilitatorEmail: 't.brandt@stiftung-spi.example',
  },
  {
    name: 'Gelsenkirchen',
    state: 'Nordrhein-Westfalen',
    partnership: 'Partnerschaft für Demokratie Gelsenkirchen',
    localFacilitatorName: 'Murat Yılmaz',
    localFacilitatorOrganisation: 'Integrationscenter Gelsenkirchen',
    localFacilitatorEmail: 'm.yilmaz@gelsenkirchen.example',
    externalFacilitatorName: 'Dr. Miriam Hoffmann',
    externalFacilitatorEmail: 'm.hoffmann@stiftung-spi.example',
  },
  {
    name: 'Cottbus',
    state: 'Brandenburg',
    partnership: 'Partnerschaft für Demokratie Cottbus',
    localFacilitatorName: 'Katrin Lehmann',
    localFacilitatorOrganisation: 'Stadt Cottbus, Fachbereich Jugend',
    localFacilitatorEmail: 'k.lehmann@cottbus.example',
    externalFacilitatorName: 'Tobias Brandt',
    externalFacilitatorEmail: 't.brandt@stiftung-spi.example',
  },
  {
    name: 'Rostock',
    state: 'Mecklenburg-Vorpommern',
    partnership: 'Partnerschaft für Demokratie Rostock',
    localFacilitatorName: '',
    localFacilitatorOrganisation: '',
    localFacilitatorEmail: '',
    externalFacilitatorName: 'Sabine Nowak',
    externalFacilitatorEmail: 's.nowak@stiftung-spi.example',
  },
];

type DemoPerson = { first: string; last: string; sector: Sector; org: string; job: string };
const ERFURT_TRAINEES: DemoPerson[] = [
  {
    first: 'Łukasz',
    last: 'Şahin-Müller',
    sector: 'verwaltung',
    org: 'Stadtverwaltung Erfurt, Ordnungsamt',
    job: 'Sachgebietsleitung',
  },
  {
    first: 'Zoë',
    last: 'Ørsted',
    sector: 'bildung',
    org: 'Staatliche Gemeinschaftsschule Erfurt-Nord',
    job: 'Schulsozialarbeiterin',
  },
  {
    first: 'Friederike',
    last: 'Albrecht',
    sector: 'zivilgesellschaft',
    org: 'Evangelische Kirchengemeinde Erfurt',
    job: 'Gemeindepädagogin',
  },
  { first: 'Hamid', last: 'Rahimi', sector: 'zivilgesellschaft', org: 'Migrantenbeirat Erfurt', job: 'Vorstand' },
  {
    first: 'Petra',
    last: 'Schulze',
    sector: 'verwaltung',
    org: 'Stadtverwaltung Erfurt, Jugendamt',
    job: 'Jugendhilfeplanerin',
  },
];
const OTHER_FIRST = [
  'Lena',
  'Kai',
  'Svenja',
  'Emre',
  'Marta',
  'Jan',
  'Olga',
  'Felix',
  'Aylin',
  'Tim',
  'Greta',
  'Nikolai',
  'Sophie',
  'Mehmet',
  'Ida',
  'Paul',
];
const OTHER_LAST = [
  'Becker',
  'Wagner',
  'Kowalski',
  'Demir',
  'Schmidt',
  'Neumann',
  'Fischer',
  'Popescu',
  'Hartmann',
  'Klein',
  'Wolf',
  'Petrov',
  'Richter',
  'Yıldız',
  'Zimmermann',
  'Braun',
];
const SECTOR_CYCLE: Sector[] = ['verwaltung', 'bildung', 'zivilgesellschaft', 'verwaltung', 'sonstiges'];
const ORG_BY_SECTOR: Record<Sector, string> = {
  verwaltung: 'Stadtverwaltung {m}',
  bildung: 'Oberschule {m}',
  zivilgesellschaft: 'Bürgerbündnis {m} e.V.',
  sonstiges: 'Polizeiinspektion {m}',
};

export async function hasDemoData(db: Db): Promise<boolean> {
  const rows = await db.select().from(appMeta).where(eq(appMeta.key, 'demo_seeded_at'));
  return rows.length > 0;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * The demo data set: five municipalities, the demo logins, a handful of trainees and two cohorts, all invented.
 * `extraPeople` adds generated people (for the benchmark's scaled data set).
 */
export async function seedDemo(
  db: Db,
  opts: {
    scryptLogN: number;
    extraPeople?: number;
    now?: Date;
    files?: FileStore;
    /** the browser tests need the live session whatever the day */ liveSessionOnWeekends?: boolean;
    certificates?: {
      baseUrl: string;
      signatories: Array<{ name: string; role: string }>;
      place: string;
      fundingLine: string;
      logos: string[];
    };
  },
): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD, opts.scryptLogN);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`truncate table sessions, user_tokens, audit_log, mail_outbox, rate_limits, calendar_feeds, completion_warnings, certificate_events, certificates, feedback, stored_files, submission_versions, submissions, assignments, checkin_windows, attendance_changes, attendance, enrolment_imports, enrolments, schedule_sessions, offering_trainers, offerings, cohort_municipalities, cohorts, users, municipalities, app_meta restart identity cascade`,
    );
    const ms = await tx.insert(municipalities).values(DEMO_MUNICIPALITIES).returning();
    const erfurt = ms.find((m) => m.name === 'Erfurt')!;
    await tx.insert(users).values([
      {
        email: 'admin@kokoma.example',
        firstName: 'Sabine',
        lastName: 'Nowak',
        role: 'admin',
        organisation: 'Stiftung SPI',
        jobTitle: 'Projektkoordination KoKoMa',
        passwordHash: hash,
      },
      {
        email: 'trainerin@kokoma.example',
        firstName: 'Miriam',
        lastName: 'Hoffmann',
        role: 'trainer',
        organisation: 'Stiftung SPI',
        jobTitle: 'Trainerin für Konfliktmanagement',
        certificateTitle: 'konfliktmanagerin',
        passwordHash: hash,
      },
      {
        email: 'trainer.brandt@kokoma.example',
        firstName: 'Tobias',
        lastName: 'Brandt',
        role: 'trainer',
        organisation: 'Stiftung SPI',
        jobTitle: 'Trainer für Mediation und Moderation',
        certificateTitle: 'konfliktmanager',
        passwordHash: hash,
      },
      {
        email: 'koordination.erfurt@kokoma.example',
        firstName: 'Jonas',
        lastName: 'Weber',
        role: 'coordinator',
        municipalityId: erfurt.id,
        organisation: 'Radio Frei e.V.',
        jobTitle: 'Lokale Prozessbegleitung',
        passwordHash: hash,
      },
      {
        email: 'teilnehmerin@kokoma.example',
        firstName: 'Aylin',
        lastName: 'Kaya',
        role: 'trainee',
        municipalityId: erfurt.id,
        sector: 'verwaltung',
        organisation: 'Stadtverwaltung Erfurt, Amt für Bildung',
        jobTitle: 'Referentin für Demokratiebildung',
        certificateTitle: 'konfliktmanagerin',
        passwordHash: hash,
      },
      ...ERFURT_TRAINEES.map((p, i) => ({
        email: `teilnehmende.erfurt${i + 1}@kokoma.example`,
        firstName: p.first,
        lastName: p.last,
        role: 'trainee' as const,
        municipalityId: erfurt.id,
        sector: p.sector,
        organisation: p.org,
        jobTitle: p.job,
        passwordHash: hash,
      })),
      // one invited person who has not set a password yet
      {
        email: 'eingeladen.goerlitz@kokoma.example',
        firstName: 'Klaus',
        lastName: 'Richter',
        role: 'trainee',
        municipalityId: ms[1]!.id,
        sector: 'zivilgesellschaft',
        organisation: 'Görlitzer Bürgerinitiative',
        jobTitle: 'Sprecher',
      },
    ]);
    const extra = opts.extraPeople ?? 12;
    const rows = Array.from({ length: extra }, (_, i) => {
      const m = ms[i % ms.length]!;
      const sector = SECTOR_CYCLE[i % SECTOR_CYCLE.length]!;
      return {
        email: `person${i + 1}@kokoma.example`,
        firstName: OTHER_FIRST[i % OTHER_FIRST.length]!,
        lastName: OTHER_LAST[(i * 7) % OTHER_LAST.length]!,
        role: 'trainee' as const,
        municipalityId: m.id,
        sector,
        organisation: ORG_BY_SECTOR[sector].replace('{m}', m.name),
        jobTitle: '',
        passwordHash: hash,
        active: i % 17 !== 5,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insert(users).values(rows.slice(i, i + 500));
    // The demo trainee is part-way through the online content: the first module done, the second begun.
    const [trainee] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'teilnehmerin@kokoma.example'));
    const course = await tx
      .select({ id: lessons.id, moduleNumber: modules.position })
      .from(lessons)
      .innerJoin(modules, eq(modules.id, lessons.moduleId))
      .where(and(isNull(lessons.archivedAt), isNull(modules.archivedAt)))
      .orderBy(asc(modules.position), asc(lessons.position));
    const firstModules = [...new Set(course.map((l) => l.moduleNumber))].slice(0, 2);
    const done = [
      ...course.filter((l) => l.moduleNumber === firstModules[0]),
      ...course.filter((l) => l.moduleNumber === firstModules[1]).slice(0, 1),
    ];
    if (trainee && done.length > 0)
      await tx.insert(lessonProgress).values(done.map((l) => ({ userId: trainee.id, lessonId: l.id })));
    await seedDemoCohorts(tx, opts.now ?? new Date(), opts.files, {
      liveSessionOnWeekends: opts.liveSessionOnWeekends,
    });
    await seedDemoProcess(tx, opts.now ?? new Date());
    await tx.insert(appMeta).values({ key: 'demo_seeded_at', value: new Date().toISOString() });
  });
  // certificates are rendered and stored after the rest is committed (they read it through the service)
  if (opts.files && opts.certificates)
    await seedDemoCertificates(db, { now: opts.now ?? new Date(), files: opts.files, ...opts.certificates });
}
