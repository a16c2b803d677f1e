/**
 * `npm run bench`: requests per second and p99 latency of real pages, beside bare baselines measured in the same run
 * (the same templates rendered from static data, and an Express "hello"). A measurement, not a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/platform/db/client';
import { adminStartPage } from '../src/features/dashboard/start-pages';
import { cohortPermissions } from '../src/features/cohorts/access';
import { buildDeps } from '../src/deps';
import { createApp } from '../src/app';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/seed';
import { syncContent } from '../src/features/catalogue/sync';
import { t } from '../src/platform/i18n';
import { navigationFor } from '../src/navigation';
import { eq } from 'drizzle-orm';
import { cohortMunicipalities, cohorts, offerings, scheduleSessions } from '../src/features/cohorts/table';
import { enrolments } from '../src/features/enrolment/table';
import { attendance } from '../src/features/attendance/table';
import { municipalities } from '../src/features/municipalities/table';
import { lessons, modules } from '../src/features/catalogue/table';
import { lessonProgress } from '../src/features/learning/table';
import { and, asc, inArray } from 'drizzle-orm';
import type { Db } from '../src/platform/db/client';
import { renderCertificate, warmUpCertificates } from '../src/features/certificates/render';
import { users } from '../src/features/accounts/table';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2000);

type Result = { name: string; rps: number; p99: number; non2xx: number; statements: number };

/** Statements the app's queries sent since the last reset: one request beforehand counts a page's round trips. */
let statements = 0;

function listen(app: express.Express): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() });
    });
  });
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  await fetch(url, { headers, redirect: 'manual' });
  // what the previous measurement's last requests still write after their answers (session touches) settles first
  await new Promise((resolve) => setTimeout(resolve, 500));
  statements = 0;
  for (let i = 0; i < 3; i++) await fetch(url, { headers, redirect: 'manual' });
  const counted = Math.round(statements / 3);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  return { name, rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, statements: counted };
}

/** Bare baseline: the same view files rendered from static data by a plain Express app, no database, no session. */
function staticTemplateApp(
  cohortPage: Record<string, unknown>,
  dashboard: unknown,
  locals: Record<string, unknown>,
): express.Express {
  const root = path.resolve(__dirname, '..');
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', [path.join(root, 'views'), path.join(root, 'src/features')]);
  app.set('view cache', true);
  // the real app's helpers for templates (t, formats, seat statuses), without its settings
  const { settings: _settings, ...helpers } = locals;
  Object.assign(app.locals, helpers);
  const user = {
    id: 1,
    email: 'admin@kokoma.example',
    firstName: 'Sabine',
    lastName: 'Nowak',
    role: 'admin' as const,
    municipalityId: null,
  };
  const common = { csrfToken: () => 'static-token', demoBanner: true, flash: undefined };
  app.get('/login', (_req, res) =>
    res.render('accounts/views/login', {
      ...common,
      user: undefined,
      navItems: [],
      title: t('login.title'),
      values: {},
      errors: {},
    }),
  );
  app.get('/dashboard', (_req, res) =>
    res.render('dashboard/views/admin', {
      ...common,
      user,
      navItems: navigationFor('admin', '/', { devMail: true }),
      title: t('dashboard.title', { name: 'Sabine Nowak' }),
      data: dashboard,
    }),
  );
  app.get('/cohort', (_req, res) =>
    res.render('cohorts/views/show', {
      ...common,
      user,
      navItems: navigationFor('admin', '/cohorts/1', { devMail: true }),
      ...cohortPage,
    }),
  );
  return app;
}

/** The session cookie among those a response sets (sign-in also sets the device cookie). */
const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('kokoma.sid='))!;

async function signedInCookie(url: string, email = 'admin@kokoma.example'): Promise<string> {
  const page = await fetch(`${url}/login`);
  const cookie = sessionCookie(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: token }).toString(),
  });
  if (res.status !== 302) throw new Error(`sign-in failed: ${res.status}`);
  return sessionCookie(res);
}

/** A cohort of 30 people with 12 past sessions, all recorded: the size the attendance pages must handle. */
async function seedBenchCohort(db: Db): Promise<{ cohortId: number; sessionId: number }> {
  const [m] = await db.select().from(municipalities).where(eq(municipalities.name, 'Gelsenkirchen'));
  const people = await db
    .select()
    .from(users)
    .where(and(eq(users.role, 'trainee'), eq(users.municipalityId, m!.id), eq(users.active, true)))
    .limit(30);
  // five in-person modules and one online follow-up; everyone completes at least 4 of 5 and so gets the Zertifikat
  const all = await db.select().from(modules).orderBy(asc(modules.position));
  const mods = [
    ...all.filter((m) => m.kind === 'praesenz').slice(0, 5),
    ...all.filter((m) => m.kind === 'online').slice(0, 1),
  ];
  const [cohort] = await db
    .insert(cohorts)
    .values({ name: 'Bench-Durchgang', startsOn: '2026-01-01', endsOn: '2026-12-31', status: 'laufend', seats: 30 })
    .returning();
  await db.insert(cohortMunicipalities).values({ cohortId: cohort!.id, municipalityId: m!.id, quota: 30 });
  await db.insert(enrolments).values(
    people.map((p) => ({
      cohortId: cohort!.id,
      userId: p.id,
      municipalityId: m!.id,
      status: 'bestaetigt' as const,
      nominatedAt: new Date('2025-12-01'),
      seatSince: new Date('2025-12-01'),
    })),
  );
  let first = 0;
  for (const [i, mod] of mods.entries()) {
    const [o] = await db
      .insert(offerings)
      .values({ cohortId: cohort!.id, moduleId: mod.id, position: i + 1 })
      .returning();
    for (const d of [0, 1]) {
      const [s] = await db
        .insert(scheduleSessions)
        .values({
          offeringId: o!.id,
          date: `2026-0${i + 2}-1${d}`,
          startTime: '09:00',
          endTime: '16:30',
          kind: mod.kind,
          location: 'Bench',
          ue: 8,
        })
        .returning();
      first ||= s!.id;
      await db.insert(attendance).values(
        people.map((p, j) => ({
          sessionId: s!.id,
          userId: p.id,
          status: (j % 7 === 3 && i === 4 ? 'entschuldigt' : 'anwesend') as 'anwesend' | 'entschuldigt',
          source: 'liste' as const,
          recordedAt: new Date('2026-06-01'),
        })),
      );
    }
  }
  // the modules' online lessons, done (part of completing a module)
  const done = await db
    .select({ id: lessons.id })
    .from(lessons)
    .where(
      inArray(
        lessons.moduleId,
        mods.map((m) => m.id),
      ),
    );
  await db
    .insert(lessonProgress)
    .values(people.flatMap((p) => done.map((l) => ({ userId: p.id, lessonId: l.id }))))
    .onConflictDoNothing();
  return { cohortId: cohort!.id, sessionId: first };
}

/**
 * Bulk issue of the Zertifikat for everyone in the 30-person bench cohort, end to end as the SPI-Team does it: the form
 * is posted, the run works in the background, and the clock stops when its status says "fertig". Beside it, bare
 * pdfkit rendering of the same page as often, in the same process.
 */
async function benchCertificates(
  url: string,
  cookie: string,
  deps: Awaited<ReturnType<typeof buildDeps>>,
  cohortId: number,
): Promise<void> {
  const form = await fetch(`${url}/cohorts/${cohortId}/certificates`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const t0 = performance.now();
  const start = await fetch(`${url}/cohorts/${cohortId}/certificates`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, kind: 'zertifikat' }).toString(),
  });
  const runUrl = `${url}${start.headers.get('location')}`;
  let status: { state: string; done: number; total: number; created: number };
  for (;;) {
    status = (await (await fetch(`${runUrl}/status`, { headers: { cookie } })).json()) as typeof status;
    if (status.state !== 'laufend') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const bulkMs = performance.now() - t0;
  if (status.state !== 'fertig') throw new Error(`bulk issue ended ${status.state}`);
  const [admin] = await deps.database.db.select().from(users).where(eq(users.email, 'admin@kokoma.example'));
  const sample = (await deps.certificates.register({ ...admin!, municipalityId: null }, { cohortId }))[0]!.certificate;
  const t1 = performance.now();
  for (let i = 0; i < status.created; i++)
    await renderCertificate({
      kind: 'zertifikat',
      number: sample.number,
      verifyUrl: 'http://localhost/verify/ABCDE-FGHJK',
      content: sample.content,
    });
  const bareMs = performance.now() - t1;
  console.log(
    `\nCertificates: bulk issue of ${status.created} Zertifikate for a ${status.total}-person cohort, end to end (POST, run, status "fertig"): ` +
      `${bulkMs.toFixed(0)} ms, ${((status.created / bulkMs) * 1000).toFixed(0)} per second; bare pdfkit rendering of the same page: ` +
      `${((status.created / bareMs) * 1000).toFixed(0)} per second (end to end at ${(bareMs / bulkMs).toFixed(2)}× the bare rate).`,
  );
}

/**
 * Memory over many signed-in requests: RSS after a warm-up, then after each quarter of the requests (the server runs in
 * this process, so the figure includes the load generator's share; it is the trend that counts).
 */
async function soak(urls: string[], cookie: string, total: number): Promise<void> {
  if (total <= 0) return; // BENCH_SOAK=0: no soak
  const mb = () => Math.round(process.memoryUsage().rss / 1_048_576);
  const batch = Math.ceil(total / 4 / urls.length);
  await autocannon({ url: urls[0]!, connections: CONNECTIONS, amount: 500, headers: { cookie } });
  const start = mb();
  const steps: number[] = [];
  for (let i = 0; i < 4; i++) {
    for (const url of urls) await autocannon({ url, connections: CONNECTIONS, amount: batch, headers: { cookie } });
    steps.push(mb());
  }
  const peak = Math.max(start, ...steps);
  const drift = ((steps[steps.length - 1]! - start) / start) * 100;
  console.log(
    `\nMemory: RSS ${start} MB after warm-up, then ${steps.join(' / ')} MB over ${batch * urls.length * 4} signed-in requests ` +
      `(dashboard, people, cohort page; the bench process: server, seeded data and load generator together): ${drift >= 0 ? '+' : ''}${drift.toFixed(0)} % — ` +
      `${Math.abs(drift) <= 10 && peak < 250 ? 'flat and under 250 MB' : 'NOT flat within ±10 % under 250 MB'}.`,
  );
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SCRYPT_LOG_N: '14',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    SESSION_IDLE_MINUTES: '120',
  });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onQuery: () => void statements++,
  });
  await database.migrate();
  await syncContent(database.db, path.resolve(__dirname, '../content'), new Date());
  await seedDemo(database.db, { scryptLogN: config.scryptLogN, extraPeople: PEOPLE });
  const deps = await buildDeps(config, { database, logger: pino({ level: 'silent' }) });
  const benchCohort = await seedBenchCohort(database.db);
  const realApp = createApp(deps);
  const real = await listen(realApp);
  await warmUpCertificates(); // as the server does after it starts listening
  // The cohort page's template, fed once with the real data of the demo cohort: the same HTML without the database.
  const [running] = await database.db.select().from(cohorts).where(eq(cohorts.status, 'laufend'));
  const adminUser = (await database.db.select().from(users).where(eq(users.email, 'admin@kokoma.example')))[0]!;
  const access = await deps.cohorts.reach({ ...adminUser }, running!.id);
  const cohortPage = {
    title: running!.name,
    access,
    may: cohortPermissions(access),
    cohort: running,
    ...(await deps.cohorts.page(access)),
    municipalityOptions: await deps.cohorts.municipalityOptions(),
    quota: { values: {}, errors: {} },
  };
  // the SPI-Team's start page likewise: its template fed once with what the real page computes
  const dashboard = await adminStartPage(deps, { ...adminUser });
  const bare = await listen(staticTemplateApp(cohortPage, dashboard, realApp.locals));
  const hello = express();
  hello.get('/', (_req, res) => res.send('hello'));
  const helloServer = await listen(hello);
  const cookie = await signedInCookie(real.url);
  const traineeCookie = await signedInCookie(real.url, 'teilnehmerin@kokoma.example');
  const trainerCookie = await signedInCookie(real.url, 'trainerin@kokoma.example');

  console.log(
    `KoKoMa Campus benchmark: ${database.kind}, ${PEOPLE} extra people, ${CONNECTIONS} connections, ${DURATION} s each\n`,
  );
  const results: Result[] = [];
  results.push(await measure('Express "hello"', `${helloServer.url}/`));
  results.push(await measure('static template: login', `${bare.url}/login`));
  results.push(await measure('static template: dashboard', `${bare.url}/dashboard`));
  results.push(await measure('GET /login (new session each)', `${real.url}/login`));
  results.push(await measure('GET / (SPI-Team dashboard)', `${real.url}/`, { cookie }));
  results.push(await measure('GET / (trainer dashboard)', `${real.url}/`, { cookie: trainerCookie }));
  results.push(await measure('GET / (trainee dashboard)', `${real.url}/`, { cookie: traineeCookie }));
  results.push(await measure('GET /grading (trainer)', `${real.url}/grading`, { cookie: trainerCookie }));
  results.push(await measure('GET /people (page 1 of ~80)', `${real.url}/people`, { cookie }));
  results.push(await measure('GET /people?q=becker', `${real.url}/people?q=becker`, { cookie }));
  results.push(
    await measure('GET /catalogue/:module (trainee)', `${real.url}/catalogue/konflikttheorie-und-analyse`, {
      cookie: traineeCookie,
    }),
  );
  results.push(
    await measure(
      'GET /catalogue/:module/:lesson',
      `${real.url}/catalogue/konflikttheorie-und-analyse/systemische-konfliktanalyse`,
      { cookie: traineeCookie },
    ),
  );
  results.push(await measure('GET /learning (trainee)', `${real.url}/learning`, { cookie: traineeCookie }));
  results.push(await measure('GET /search?q=Konflikte', `${real.url}/search?q=Konflikte`, { cookie: traineeCookie }));
  results.push(await measure('static template: cohort page', `${bare.url}/cohort`));
  results.push(await measure('GET /cohorts/:id (SPI-Team)', `${real.url}/cohorts/${running!.id}`, { cookie }));
  results.push(await measure('GET /schedule (trainee)', `${real.url}/schedule`, { cookie: traineeCookie }));
  results.push(
    await measure('GET attendance sheet (30 people)', `${real.url}/sessions/${benchCohort.sessionId}/attendance`, {
      cookie,
    }),
  );
  results.push(
    await measure('GET attendance matrix (30 × 12)', `${real.url}/cohorts/${benchCohort.cohortId}/attendance`, {
      cookie,
    }),
  );

  const helloRps = results[0]!.rps;
  const staticCohort = results.find((r) => r.name === 'static template: cohort page')!;
  const baseFor = (name: string) =>
    name.includes('login') ? results[1]! : name.startsWith('GET /cohorts/') ? staticCohort : results[2]!;
  console.log(
    'page'.padEnd(34),
    'req/s'.padStart(9),
    'p99 ms'.padStart(8),
    'vs hello'.padStart(9),
    'vs static'.padStart(10),
    'non-2xx'.padStart(8),
    'stmts'.padStart(6),
  );
  for (const r of results) {
    const vsStatic =
      r.name.startsWith('GET /login') || r.name === 'GET / (SPI-Team dashboard)' || r.name.startsWith('GET /cohorts/')
        ? (r.rps / baseFor(r.name).rps).toFixed(2)
        : '';
    console.log(
      r.name.padEnd(34),
      r.rps.toFixed(0).padStart(9),
      String(r.p99).padStart(8),
      (r.rps / helloRps).toFixed(2).padStart(9),
      vsStatic.padStart(10),
      String(r.non2xx).padStart(8),
      String(r.statements).padStart(6),
    );
  }
  await benchCertificates(real.url, cookie, deps, benchCohort.cohortId);
  await soak(
    [`${real.url}/`, `${real.url}/people`, `${real.url}/cohorts/${running!.id}`],
    cookie,
    Number(process.env.BENCH_SOAK ?? 10_000),
  );
  console.log(
    '\n"vs static": the login page, the dashboard and the cohort page against the same templates rendered from static data; every page against Express "hello". "stmts": SQL statements one request of the page sends (the mean of three, after one that warmed the caches).',
  );
  real.close();
  bare.close();
  helloServer.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
