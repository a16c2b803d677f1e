/**
 * `npm run bench`: requests per second and p99 latency of real pages, each beside the same template rendered from the
 * same data without database or session (captured from the real page), and an Express "hello", in the same run. The
 * load comes from autocannon in a child process, so this process is the server as in production. A measurement, not a
 * test: it prints ratios and a verdict per goal of issue 20.
 *
 * BENCH_SCALE=10 seeds ten times the people and cohorts; a run compares itself with the saved result of the run at a
 * tenth of its scale on the same engine (.bench/), for the "flat as data grows" goal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/platform/db/client';
import { buildDeps } from '../src/deps';
import { createApp } from '../src/app';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/seed';
import { syncContent } from '../src/features/catalogue/sync';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { cohortMunicipalities, cohorts, offerings, scheduleSessions } from '../src/features/cohorts/table';
import { enrolments } from '../src/features/enrolment/table';
import { attendance } from '../src/features/attendance/table';
import { municipalities } from '../src/features/municipalities/table';
import { lessons, modules } from '../src/features/catalogue/table';
import { lessonProgress } from '../src/features/learning/table';
import type { Db } from '../src/platform/db/client';
import { renderCertificate, warmUpCertificates } from '../src/features/certificates/render';
import { users } from '../src/features/accounts/table';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2000 * SCALE);
const COHORTS = Number(process.env.BENCH_COHORTS ?? SCALE);
/** The programme report over the report world's three years (15 municipalities, 40 cohorts). */
const REPORT_QUERY = 'zeitraum=frei&von=2024-01-01&bis=2026-12-31';
const AUTOCANNON = require.resolve('autocannon/autocannon.js');

type Load = { rps: number; p99: number; non2xx: number };
type Row = { name: string; goal: boolean; real: Load; bare?: Load; statements: number };

/** Statements the app's queries sent, with their parameters (the benchmark counts and explains a page's round trips). */
let recording: Array<{ text: string; params: unknown[] }> | null = null;

function listen(app: express.Express): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() });
    });
  });
}

/** autocannon in a child process: the load generator's CPU and memory are not the server's. */
function load(url: string, opts: { cookie?: string; amount?: number; duration?: number }): Promise<Load> {
  const args = [AUTOCANNON, '-j', '-n', '-c', String(CONNECTIONS)];
  if (opts.amount) args.push('-a', String(opts.amount));
  else args.push('-d', String(opts.duration ?? DURATION));
  if (opts.cookie) args.push('-H', `cookie=${opts.cookie}`);
  args.push(url);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
        requests: { average: number };
        latency: { p99: number };
        non2xx: number;
        errors: number;
      };
      resolve({ rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx + r.errors });
    }),
  );
}

/** The median of RUNS runs (by requests per second), as the issue measured it. */
async function measure(url: string, cookie?: string): Promise<Load> {
  const runs: Load[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(url, { cookie }));
  runs.sort((a, b) => a.rps - b.rps);
  return runs[Math.floor(runs.length / 2)]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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

/**
 * A cohort of 30 people with 12 past sessions, all recorded: the size the attendance pages must handle. The `index`-th
 * cohort takes the next 30 people, so ten of them (BENCH_SCALE=10) enrol 300 different people.
 */
async function seedBenchCohort(db: Db, index: number): Promise<{ cohortId: number; sessionId: number }> {
  const [m] = await db.select().from(municipalities).where(eq(municipalities.name, 'Gelsenkirchen'));
  const people = await db
    .select()
    .from(users)
    .where(and(eq(users.role, 'trainee'), eq(users.municipalityId, m!.id), eq(users.active, true)))
    .orderBy(asc(users.id))
    .limit(30)
    .offset(index * 30);
  // five in-person modules and one online follow-up; everyone completes at least 4 of 5 and so gets the Zertifikat
  const all = await db.select().from(modules).orderBy(asc(modules.position));
  const mods = [
    ...all.filter((m) => m.kind === 'praesenz').slice(0, 5),
    ...all.filter((m) => m.kind === 'online').slice(0, 1),
  ];
  const [cohort] = await db
    .insert(cohorts)
    .values({
      name: `Bench-Durchgang ${index + 1}`,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      status: 'laufend',
      seats: 30,
    })
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
 * The programme report's data set (issue 16): 15 municipalities, 3 years, 600 people, 40 cohorts of 15 with six
 * modules each, attendance recorded with some partial and excused marks, a withdrawal in every seventh enrolment.
 */
async function seedReportWorld(db: Db): Promise<void> {
  const ms = await db
    .insert(municipalities)
    .values(Array.from({ length: 15 }, (_, i) => ({ name: `Berichtskommune ${i + 1}`, state: 'Sachsen' })))
    .returning();
  const sectors = ['verwaltung', 'bildung', 'zivilgesellschaft', 'sonstiges'] as const;
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: 600 }, (_, i) => ({
        email: `bericht-${i + 1}@bench.example`,
        firstName: 'Bericht',
        lastName: `Person ${i + 1}`,
        role: 'trainee' as const,
        municipalityId: ms[i % 15]!.id,
        sector: sectors[i % 4],
      })),
    )
    .returning();
  const all = await db.select().from(modules).orderBy(asc(modules.position));
  const mods = [
    ...all.filter((m) => m.kind === 'praesenz').slice(0, 5),
    ...all.filter((m) => m.kind === 'online').slice(0, 1),
  ];
  const day = (base: string, days: number) =>
    new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  for (let c = 0; c < 40; c++) {
    const startsOn = day('2024-01-08', c * 25);
    const [cohort] = await db
      .insert(cohorts)
      .values({
        name: `Bericht-Durchgang ${c + 1}`,
        startsOn,
        endsOn: day(startsOn, 120),
        status: 'abgeschlossen',
        seats: 15,
      })
      .returning();
    const three = [0, 1, 2].map((k) => ms[(c + k * 5) % 15]!);
    await db
      .insert(cohortMunicipalities)
      .values(three.map((m) => ({ cohortId: cohort!.id, municipalityId: m.id, quota: 5 })));
    const members = three.flatMap((m) =>
      people.filter((p) => p.municipalityId === m.id).slice((c % 8) * 5, (c % 8) * 5 + 5),
    );
    const at = new Date(`${startsOn}T08:00:00Z`);
    await db.insert(enrolments).values(
      members.map((p, j) => ({
        cohortId: cohort!.id,
        userId: p.id,
        municipalityId: p.municipalityId!,
        status: (j % 7 === 6 ? 'abgemeldet' : 'bestaetigt') as 'abgemeldet' | 'bestaetigt',
        reason: j % 7 === 6 ? ['Stellenwechsel', 'Krankheit', 'Arbeitsbelastung'][c % 3]! : '',
        nominatedAt: at,
        seatSince: at,
        decidedAt: j % 7 === 6 ? new Date(`${day(startsOn, 60)}T08:00:00Z`) : null,
      })),
    );
    for (const [i, mod] of mods.entries()) {
      const [o] = await db
        .insert(offerings)
        .values({ cohortId: cohort!.id, moduleId: mod.id, position: i + 1 })
        .returning();
      const [s] = await db
        .insert(scheduleSessions)
        .values({
          offeringId: o!.id,
          date: day(startsOn, 7 + i * 18),
          startTime: '09:00',
          endTime: '16:30',
          kind: mod.kind,
          location: 'Bench',
          ue: mod.kind === 'online' ? 4 : 8,
        })
        .returning();
      await db.insert(attendance).values(
        members.map((p, j) => ({
          sessionId: s!.id,
          userId: p.id,
          status: (j % 11 === 4 ? 'entschuldigt' : j % 9 === 2 ? 'teilweise' : 'anwesend') as
            'anwesend' | 'teilweise' | 'entschuldigt',
          minutes: j % 11 !== 4 && j % 9 === 2 ? 240 : null,
          source: 'liste' as const,
          recordedAt: new Date(`${day(startsOn, 8 + i * 18)}T08:00:00Z`),
        })),
      );
    }
  }
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
): Promise<{ ms: number; created: number }> {
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
  return { ms: bulkMs, created: status.created };
}

type Captured = { view: string; locals: Record<string, unknown> };

/**
 * The template and everything it was given (the response's locals and the handler's options) for one request of a
 * page: its static twin renders exactly that, without database, session or middleware.
 */
function renderCapture(app: express.Express) {
  let captured: Captured | null = null;
  let armed = false;
  const response = app.response as unknown as { render: (view: string, options?: object, cb?: unknown) => void };
  const original = response.render;
  response.render = function (this: express.Response, view, options, cb) {
    if (armed) captured = { view, locals: { ...this.locals, ...(options ?? {}) } };
    return original.call(this, view, options, cb);
  };
  return async (url: string, cookie?: string): Promise<Captured> => {
    armed = true;
    captured = null;
    const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    armed = false;
    if (res.status !== 200 || !captured) throw new Error(`${url} answered ${res.status} without rendering a page`);
    return captured;
  };
}

/** Bare baseline: the captured pages rendered by a plain Express app with the real app's view settings and helpers. */
function staticTemplateApp(pages: Captured[], appLocals: Record<string, unknown>): express.Express {
  const root = path.resolve(__dirname, '..');
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', [path.join(root, 'views'), path.join(root, 'src/features')]);
  app.set('view cache', true);
  const { settings: _settings, ...helpers } = appLocals;
  Object.assign(app.locals, helpers);
  app.get('/static/:i', (req, res) => {
    const page = pages[Number(req.params.i)]!;
    res.render(page.view, { ...page.locals, csrfToken: () => 'static-token' });
  });
  return app;
}

/** A recorded statement as drizzle SQL again ($n back to parameters), to run it under EXPLAIN. */
function replayable(text: string, params: unknown[]) {
  const parts = text.split(/\$(\d+)\b/);
  return sql.join(
    parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)),
    sql.raw(''),
  );
}

/**
 * The plan of a page's heaviest read: the page's statements replayed in one transaction (its `set local` too), each
 * read under EXPLAIN ANALYZE, the slowest one printed. Sequential scans of big tables show here.
 */
async function explainHeaviest(db: Db, page: string, statements: Array<{ text: string; params: unknown[] }>) {
  const plans: Array<{ ms: number; text: string; plan: string[] }> = [];
  await db.transaction(async (tx) => {
    // The page's parallel reads were recorded interleaved with its transaction's `set local`s, so a replay in one
    // transaction runs some reads under settings they never had; with enable_indexscan off PostgreSQL's cost estimate
    // crosses jit_above_cost and JIT compilation (100+ ms) would be reported as the read's time.
    await tx.execute(sql`set local jit = off`);
    for (const s of statements) {
      if (/^\s*set\b/i.test(s.text)) await tx.execute(replayable(s.text, s.params));
      if (!/^\s*(select|with)\b/i.test(s.text)) continue;
      const result = (await tx.execute(
        sql`explain (analyze, costs off, timing off, buffers off) ${replayable(s.text, s.params)}`,
      )) as unknown as { rows: Array<Record<string, string>> };
      const plan = result.rows.map((r) => Object.values(r)[0]!);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? 0);
      plans.push({ ms, text: s.text, plan });
    }
  });
  const heaviest = plans.sort((a, b) => b.ms - a.ms)[0];
  if (!heaviest) return;
  console.log(`\n${page}: ${plans.length} reads, the heaviest ${heaviest.ms.toFixed(2)} ms:`);
  console.log(`  ${heaviest.text.replace(/\s+/g, ' ').slice(0, 160)}…`);
  for (const line of heaviest.plan.filter((l) => !/^(Planning|Execution) Time/.test(l)).slice(0, 14))
    console.log(`    ${line}`);
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

/**
 * Memory over many signed-in requests, of the server alone: `src/server.ts` in a process of its own on the same
 * database (this process lets go of it first: PGlite's folder belongs to one process), as `npm start` runs it.
 */
async function soak(
  env: Record<string, string>,
  paths: string[],
  email: string,
  total: number,
): Promise<string | null> {
  if (total <= 0) return null; // BENCH_SOAK=0: no soak
  const probe = await listen(express());
  const port = new URL(probe.url).port;
  probe.close();
  const root = path.resolve(__dirname, '..');
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: port, HOST: '127.0.0.1', SEED_DEMO: 'never', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (
        await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 600 || server.exitCode !== null) throw new Error('the server for the soak did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const cookie = await signedInCookie(url, email);
    const batch = Math.ceil(total / 4 / paths.length);
    await load(`${url}${paths[0]}`, { cookie, amount: 500 });
    const start = rssOf(server.pid!);
    const steps: number[] = [];
    for (let i = 0; i < 4; i++) {
      for (const p of paths) await load(`${url}${p}`, { cookie, amount: batch });
      steps.push(rssOf(server.pid!));
    }
    const peak = Math.max(start, ...steps);
    const drift = ((steps[steps.length - 1]! - start) / start) * 100;
    const ok = Math.abs(drift) <= 10 && peak < 250;
    console.log(
      `\nMemory: the server process (src/server.ts, on its own) at ${start} MB RSS after warm-up, then ` +
        `${steps.join(' / ')} MB over ${batch * paths.length * 4} signed-in requests (${paths.join(', ')}): ` +
        `${drift >= 0 ? '+' : ''}${drift.toFixed(0)} %, peak ${peak} MB.`,
    );
    return `${ok ? 'met' : 'NOT met'}: RSS ${drift >= 0 ? '+' : ''}${drift.toFixed(0)} % over the soak, peak ${peak} MB (goal ±10 %, < 250 MB)`;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
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
    onQuery: (text, params) => void recording?.push({ text, params }),
  });
  await database.migrate();
  await syncContent(database.db, path.resolve(__dirname, '../content'), new Date());
  await seedDemo(database.db, { scryptLogN: config.scryptLogN, extraPeople: PEOPLE });
  const deps = await buildDeps(config, { database, logger: pino({ level: 'silent' }) });
  const benchCohorts = [];
  for (let i = 0; i < COHORTS; i++) benchCohorts.push(await seedBenchCohort(database.db, i));
  const benchCohort = benchCohorts[0]!;
  await seedReportWorld(database.db);
  await database.execute('analyze');
  const realApp = createApp(deps);
  const capture = renderCapture(realApp);
  const real = await listen(realApp);
  await warmUpCertificates(); // as the server does after it starts listening
  const [running] = await database.db.select().from(cohorts).where(eq(cohorts.status, 'laufend'));
  const admin = await signedInCookie(real.url);
  const trainee = await signedInCookie(real.url, 'teilnehmerin@kokoma.example');
  const trainer = await signedInCookie(real.url, 'trainerin@kokoma.example');

  // the pages of issue 20's table ("goal"), then others people use often
  const pages: Array<{ name: string; path: string; cookie?: string; goal?: boolean; explain?: boolean }> = [
    { name: 'dashboard, SPI-Team', path: '/', cookie: admin, goal: true, explain: true },
    { name: 'dashboard, trainer', path: '/', cookie: trainer, goal: true, explain: true },
    { name: 'dashboard, trainee', path: '/', cookie: trainee, goal: true },
    { name: 'module page', path: '/catalogue/konflikttheorie-und-analyse', cookie: trainee, goal: true },
    {
      name: 'lesson',
      path: '/catalogue/konflikttheorie-und-analyse/systemische-konfliktanalyse',
      cookie: trainee,
      goal: true,
    },
    { name: 'cohort page', path: `/cohorts/${running!.id}`, cookie: admin, goal: true, explain: true },
    {
      name: 'attendance sheet, 30 people',
      path: `/sessions/${benchCohort.sessionId}/attendance`,
      cookie: admin,
      goal: true,
    },
    {
      name: 'attendance matrix, 30 × 12',
      path: `/cohorts/${benchCohort.cohortId}/attendance`,
      cookie: admin,
      goal: true,
      explain: true,
    },
    { name: 'grading queue', path: '/grading', cookie: trainer, goal: true },
    { name: 'people list, page 1', path: '/people', cookie: admin, goal: true, explain: true },
    { name: 'people search ?q=becker', path: '/people?q=becker', cookie: admin, explain: true },
    { name: 'login page (new session)', path: '/login' },
    { name: 'Meine Weiterbildung', path: '/learning', cookie: trainee },
    { name: 'lesson search', path: '/search?q=Konflikte', cookie: trainee },
    { name: 'Meine Termine', path: '/schedule', cookie: trainee },
    { name: 'programme report, 3 years', path: `/reports?${REPORT_QUERY}`, cookie: admin, explain: true },
  ];
  const captured: Captured[] = [];
  for (const p of pages) captured.push(await capture(`${real.url}${p.path}`, p.cookie));
  const bare = await listen(staticTemplateApp(captured, realApp.locals));
  const hello = express();
  hello.get('/', (_req, res) => res.send('hello'));
  const helloServer = await listen(hello);

  console.log(
    `KoKoMa Campus benchmark: ${database.kind}, ${PEOPLE} extra people, ${COHORTS} bench cohort(s) of 30, ` +
      `${CONNECTIONS} connections, ${DURATION} s × ${RUNS} runs each (median), load generator in a child process\n`,
  );
  const helloLoad = await measure(`${helloServer.url}/`);
  const rows: Row[] = [];
  const recorded = new Map<string, Array<{ text: string; params: unknown[] }>>();
  for (const [i, p] of pages.entries()) {
    const url = `${real.url}${p.path}`;
    await fetch(url, { headers: p.cookie ? { cookie: p.cookie } : {}, redirect: 'manual' });
    // what the previous measurement's last requests still write after their answers (session touches) settles first
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counts: number[] = [];
    for (let k = 0; k < 3; k++) {
      recording = [];
      await fetch(url, { headers: p.cookie ? { cookie: p.cookie } : {}, redirect: 'manual' });
      counts.push(recording.length);
      recorded.set(p.name, recording);
    }
    recording = null;
    // BENCH_SQL=1: the statements one request of each page sends, to see what to batch next
    if (process.env.BENCH_SQL)
      for (const st of recorded.get(p.name)!)
        console.log(`  [${p.name}] ${st.text.replace(/\s+/g, ' ').slice(0, 150)}`);
    const bareLoad = await measure(`${bare.url}/static/${i}`);
    const realLoad = await measure(url, p.cookie);
    rows.push({ name: p.name, goal: !!p.goal, real: realLoad, bare: bareLoad, statements: median(counts) });
  }

  console.log(
    'page'.padEnd(30),
    'req/s'.padStart(7),
    'p99 ms'.padStart(7),
    'static req/s'.padStart(13),
    'static p99'.padStart(11),
    'share'.padStart(6),
    'vs hello'.padStart(9),
    'stmts'.padStart(6),
    'non-2xx'.padStart(8),
  );
  const line = (name: string, r: Load, b: Load | undefined, stmts: string) =>
    console.log(
      name.padEnd(30),
      r.rps.toFixed(0).padStart(7),
      String(r.p99).padStart(7),
      (b ? b.rps.toFixed(0) : '').padStart(13),
      (b ? String(b.p99) : '').padStart(11),
      (b ? `${Math.round((r.rps / b.rps) * 100)} %` : '').padStart(6),
      (r.rps / helloLoad.rps).toFixed(2).padStart(9),
      stmts.padStart(6),
      String(r.non2xx + (b?.non2xx ?? 0)).padStart(8),
    );
  line('Express "hello"', helloLoad, undefined, '');
  for (const r of rows) line(`${r.goal ? '* ' : '  '}${r.name}`, r.real, r.bare, String(r.statements));
  console.log("* the pages of issue 20's table. \"share\": the page's rate as a share of its static twin's.");

  const certificates = await benchCertificates(real.url, admin, deps, benchCohort.cohortId);
  // the XLSX of the whole report, one request at a time as the SPI-Team downloads it; each with a period of its own,
  // so the report is computed for it (not served from the report cache the page measurement filled)
  const xlsxMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const query = REPORT_QUERY.replace('2026-12-31', `2026-12-${26 + i}`);
    const res = await fetch(`${real.url}/reports/bericht.xlsx?${query}`, { headers: { cookie: admin } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`report XLSX: HTTP ${res.status}`);
    xlsxMs.push(performance.now() - t0);
  }
  const xlsx = median(xlsxMs);
  console.log(
    `\nProgramme report as XLSX (3 years, 15 municipalities, 40 cohorts, computed afresh): ${xlsx.toFixed(0)} ms (median of 5)`,
  );
  for (const p of pages.filter((x) => x.explain)) await explainHeaviest(database.db, p.name, recorded.get(p.name)!);
  real.close();
  bare.close();
  helloServer.close();
  await deps.jobs.stop();
  await database.close();
  const memory = await soak(
    { NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? '', SESSION_IDLE_MINUTES: '120' },
    ['/', '/people', `/cohorts/${running!.id}`],
    'admin@kokoma.example',
    Number(process.env.BENCH_SOAK ?? 10_000),
  );

  // the verdict per goal
  const goals = rows.filter((r) => r.goal);
  const minShare = database.kind === 'postgres' ? 0.5 : 0.25;
  const shareMisses = goals.filter((r) => r.real.rps / r.bare!.rps < minShare);
  const verdicts = [
    `share of the static template ≥ ${minShare * 100} % (${database.kind}): ${shareMisses.length === 0 ? 'met' : `NOT met by ${shareMisses.map((r) => r.name).join(', ')}`}`,
  ];
  if (database.kind === 'postgres') {
    const slow = goals.filter((r) => r.real.p99 >= 50);
    verdicts.push(
      `p99 < 50 ms: ${slow.length === 0 ? 'met' : `NOT met by ${slow.map((r) => `${r.name} (${r.real.p99} ms; its static twin ${r.bare!.p99} ms)`).join(', ')}`}`,
    );
  }
  const resultsDir = path.resolve(__dirname, '../.bench');
  fs.mkdirSync(resultsDir, { recursive: true });
  const p99s = Object.fromEntries(rows.map((r) => [r.name, r.real.p99]));
  fs.writeFileSync(path.join(resultsDir, `${database.kind}-${PEOPLE}.json`), JSON.stringify(p99s, null, 2));
  const smaller = path.join(resultsDir, `${database.kind}-${Math.round(PEOPLE / 10)}.json`);
  if (SCALE >= 10 && fs.existsSync(smaller)) {
    const before = JSON.parse(fs.readFileSync(smaller, 'utf8')) as Record<string, number>;
    const growth = goals.filter((r) => before[r.name]).map((r) => ({ name: r.name, x: r.real.p99 / before[r.name]! }));
    const steep = growth.filter((g) => g.x > 1.3);
    console.log(
      `\nGrowth of p99 from ${Math.round(PEOPLE / 10)} to ${PEOPLE} people: ` +
        growth.map((g) => `${g.name} ${g.x.toFixed(2)}×`).join(', '),
    );
    verdicts.push(
      `p99 grows ≤ 1.3× at 10× the data: ${steep.length === 0 ? 'met' : `NOT met by ${steep.map((g) => g.name).join(', ')}`}`,
    );
  } else verdicts.push(`p99 at 10× the data: run again with BENCH_SCALE=10 to compare with this run`);
  const report = rows.find((r) => r.name === 'programme report, 3 years')!;
  verdicts.push(
    `programme report p99 < 300 ms: ${report.real.p99 < 300 ? 'met' : 'NOT met'} (${report.real.p99} ms on ${database.kind}); its XLSX < 2 s: ${xlsx < 2000 ? 'met' : 'NOT met'} (${xlsx.toFixed(0)} ms)`,
  );
  if (memory) verdicts.push(`memory: ${memory}`);
  verdicts.push(
    `bulk certificates: ${certificates.ms < 1000 ? 'met' : 'NOT met'}: ${certificates.created} in ${certificates.ms.toFixed(0)} ms (goal 30 in < 1 s)`,
  );
  console.log(`\nVerdict (${database.kind}, ${PEOPLE} people):\n${verdicts.map((v) => `- ${v}`).join('\n')}`);

  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
