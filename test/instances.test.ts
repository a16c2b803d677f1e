import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase } from './support/db';
import { makeMunicipality, makeUser, TEST_PASSWORD } from './support/builders';
import { enrol, makeAssignment, makeCohort, makeOffering, makeSession } from './support/cohorts';
import { TestSmtp } from './support/smtp';
import { startS3 } from './support/s3';
import { freePort, startProcess, waitForHealth, type Started } from './support/processes';
import { loadConfig } from '../src/config';
import { buildDeps } from '../src/deps';
import { TestClock } from '../src/platform/clock';
import { openDatabase, type Db } from '../src/platform/db/client';
import { attendance } from '../src/features/attendance/table';
import { certificateRuns, certificates } from '../src/features/certificates/table';

/** A browser with one cookie jar for every instance (they share a host, as behind one load balancer). */
class Browser {
  private cookies = new Map<string, string>();
  cookieHeader = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  async get(url: string) {
    return this.keep(await fetch(url, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' }));
  }
  async post(url: string, body: Record<string, string> | FormData) {
    const form = body instanceof FormData ? body : new URLSearchParams(body);
    return this.keep(
      await fetch(url, { method: 'POST', body: form, headers: { cookie: this.cookieHeader() }, redirect: 'manual' }),
    );
  }
  async csrf(url: string) {
    return /name="_csrf" value="([^"]+)"/.exec(await (await this.get(url)).text())![1]!;
  }
  async signIn(base: string, email: string, password = TEST_PASSWORD) {
    const res = await this.post(`${base}/login`, { email, password, _csrf: await this.csrf(`${base}/login`) });
    return res.status;
  }
}

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

/** Ten people who attended all five modules of a cohort in the spring: 60 certificates for a bulk run. */
async function certifiableCohort(db: Db) {
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { quotas: [[m.id, 20]] });
  const people = [];
  for (let i = 0; i < 10; i++) {
    const p = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: `Absolvent${i}` });
    await enrol(db, c.id, p);
    people.push(p);
  }
  for (let i = 1; i <= 5; i++) {
    const { offering } = await makeOffering(db, c.id, { position: i, kind: i === 5 ? 'online' : 'praesenz' });
    const s = await makeSession(db, offering.id, {
      date: `2026-0${i}-15`,
      ue: 8,
      kind: i === 5 ? 'online' : 'praesenz',
    });
    await db.insert(attendance).values(
      people.map((p) => ({
        sessionId: s.id,
        userId: p.id,
        status: 'anwesend' as const,
        source: 'liste' as const,
        recordedAt: new Date('2026-06-01'),
      })),
    );
  }
  return c;
}

const serve = (env: Record<string, string>) => startProcess('node', ['--import', 'tsx', 'src/server.ts'], env);

if (process.env.DATABASE_URL) {
  describe('two instances on one PostgreSQL database and one object store', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let s3: Awaited<ReturnType<typeof startS3>>;
    const smtp = new TestSmtp();
    const dirs: string[] = [];
    const servers: Started[] = [];
    let env: Record<string, string>;
    let a: string;
    let b: string;
    let aServer: Started;

    async function instance() {
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-instance-'));
      dirs.push(dataDir);
      const server = serve({ ...env, PORT: String(port), DATA_DIR: dataDir });
      servers.push(server);
      await waitForHealth(port);
      return { base: `http://127.0.0.1:${port}`, server };
    }

    beforeAll(async () => {
      database = await createTestDatabase();
      s3 = await startS3();
      env = {
        NODE_ENV: 'development',
        SEED_DEMO: 'never',
        DATABASE_URL: database.url!,
        SESSION_SECRET: 'both-instances-share-this-secret',
        BASE_URL: 'http://campus.test',
        SMTP_URL: await smtp.start(),
        JOB_TIMEOUT_SECONDS: '10',
        ...s3.env,
      };
      const first = await instance();
      a = first.base;
      aServer = first.server;
      b = (await instance()).base;
    }, 120_000);

    afterAll(async () => {
      for (const s of servers) {
        s.kill('SIGTERM');
        await Promise.race([s.exited, new Promise((r) => setTimeout(r, 10_000))]);
        s.killAll();
      }
      await smtp.stop();
      await s3.stop();
      await database.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    it('a session made on one works on the other', async () => {
      const person = await makeUser(database.db, { role: 'trainer', firstName: 'Bea', lastName: 'Beidseits' });
      const browser = new Browser();
      expect(await browser.signIn(a, person.email)).toBe(302);
      const page = await browser.get(`${b}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Bea Beidseits');
    });

    it('ten wrong passwords split across both lock the account on both', async () => {
      const person = await makeUser(database.db, {
        role: 'trainee',
        municipalityId: (await makeMunicipality(database.db)).id,
      });
      for (let i = 0; i < 10; i++) expect(await new Browser().signIn(i % 2 ? a : b, person.email, 'falsch')).toBe(401);
      expect(await new Browser().signIn(a, person.email)).toBe(429);
      expect(await new Browser().signIn(b, person.email)).toBe(429);
    });

    it('a mail queued on one is sent once, not twice', async () => {
      const person = await makeUser(database.db, { role: 'trainer' });
      const browser = new Browser();
      const res = await browser.post(`${a}/password/forgot`, {
        email: person.email,
        _csrf: await browser.csrf(`${a}/password/forgot`),
      });
      expect(res.status).toBe(200);
      await smtp.mailTo(person.email);
      await new Promise((r) => setTimeout(r, 4000)); // both deliver what is due; neither may send it again
      expect(smtp.received.filter((m) => m.to.includes(person.email))).toHaveLength(1);
    });

    it('check-in windows and codes agree, and a hand-in uploaded through one downloads through the other', async () => {
      const db = database.db;
      const m = await makeMunicipality(db);
      const c = await makeCohort(db, { quotas: [[m.id, 5]], startsOn: '2026-01-01', endsOn: '2027-12-31' });
      const trainerUser = await makeUser(db, { role: 'trainer' });
      const traineeUser = await makeUser(db, { role: 'trainee', municipalityId: m.id });
      await enrol(db, c.id, traineeUser);
      const { offering } = await makeOffering(db, c.id, { trainerIds: [trainerUser.id] });
      const session = await makeSession(db, offering.id, { date: today(), startTime: '00:00', endTime: '23:59' });
      const trainer = new Browser();
      await trainer.signIn(a, trainerUser.email);
      const opened = await trainer.post(`${a}/sessions/${session.id}/checkin`, {
        minutes: '15',
        _csrf: await trainer.csrf(`${a}/sessions/${session.id}/checkin`),
      });
      expect(opened.status).toBe(302);
      const code = async (base: string) =>
        /class="checkin-code"[^>]*>(\d{3}) (\d{3})</
          .exec(await (await trainer.get(`${base}/sessions/${session.id}/checkin`)).text())!
          .slice(1)
          .join('');
      const shown = await code(a);
      expect(await code(b)).toBe(shown);
      const trainee = new Browser();
      await trainee.signIn(b, traineeUser.email);
      const checkedIn = await trainee.post(`${b}/checkin`, { code: shown, _csrf: await trainee.csrf(`${b}/checkin`) });
      expect([302, 303]).toContain(checkedIn.status);
      const [mark] = await db
        .select()
        .from(attendance)
        .where(and(eq(attendance.sessionId, session.id), eq(attendance.userId, traineeUser.id)));
      expect(mark?.status).toBe('anwesend');

      const assignment = await makeAssignment(db, offering.id, {
        allowedKinds: ['pdf'],
        expectsFile: true,
        expectsText: false,
      });
      const pdf = fs.readFileSync(path.join(__dirname, 'fixtures/files/analyse.pdf'));
      const form = new FormData();
      form.set('_csrf', await trainee.csrf(`${a}/assignments/${assignment.id}`));
      form.set('submit', 'ja');
      form.set('files', new Blob([pdf], { type: 'application/pdf' }), 'analyse.pdf');
      expect((await trainee.post(`${a}/assignments/${assignment.id}/submission`, form)).status).toBe(302);
      const page = await (await trainee.get(`${b}/assignments/${assignment.id}`)).text();
      const fileId = /href="\/files\/(\d+)"/.exec(page)![1];
      const download = await trainee.get(`${b}/files/${fileId}`);
      expect(download.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), pdf)).toBe(0);
    });

    it('a certificate run started on one finishes after that one is killed (-9), each certificate once', async () => {
      const db = database.db;
      const c = await certifiableCohort(db);
      const admin = new Browser();
      await admin.signIn(a, (await makeUser(db, { role: 'admin' })).email);
      const started = await admin.post(`${a}/cohorts/${c.id}/certificates`, {
        kind: '',
        _csrf: await admin.csrf(`${a}/cohorts/${c.id}/certificates`),
      });
      expect(started.status).toBe(303);
      const run = async () => (await db.select().from(certificateRuns).where(eq(certificateRuns.cohortId, c.id)))[0]!;
      await until(async () => (await run()).done > 0, 30_000, 'the run to begin');
      aServer.kill('SIGKILL');
      expect((await run()).state).toBe('laufend');
      expect((await run()).done).toBeLessThan(60);
      // B takes the job up once A's has run out (JOB_TIMEOUT_SECONDS=10) and finishes it
      await until(async () => (await run()).state === 'fertig', 90_000, 'the run to finish on the other instance');
      const r = await run();
      expect([r.done, r.total]).toEqual([60, 60]);
      const issued = await db.select().from(certificates).where(eq(certificates.cohortId, c.id));
      expect(issued).toHaveLength(60);
      expect(new Set(issued.map((x) => `${x.userId}:${x.kind}:${x.offeringRef}`)).size).toBe(60);
      const status = await (await admin.get(`${b}/certificate-runs/${r.id}/status`)).json();
      expect(status).toMatchObject({ state: 'fertig', done: 60, total: 60 });
    }, 150_000);
  });
} else {
  it('the embedded database serves one process: a second server on the same folder refuses to start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-pglite-lock-'));
    const env = { NODE_ENV: 'development', SEED_DEMO: 'never', DATA_DIR: dataDir };
    const port = await freePort();
    const first = serve({ ...env, PORT: String(port) });
    try {
      await waitForHealth(port);
      const second = serve({ ...env, PORT: String(await freePort()) });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('wird schon von einem anderen Prozess benutzt');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      first.kill('SIGTERM');
      await first.exited;
      first.killAll();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
}

it('a server killed (-9) mid-upload leaves nothing behind that the file sweep does not remove', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-crash-'));
  const url = process.env.DATABASE_URL ? (await createTestDatabase()).url : undefined;
  const env = { NODE_ENV: 'development', SEED_DEMO: 'never', DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) };
  // the data first (the embedded database belongs to one process at a time), then the server
  const setup = await openDatabase({ databaseUrl: url, dataDir: url ? null : dataDir });
  await setup.migrate();
  const m = await makeMunicipality(setup.db);
  const c = await makeCohort(setup.db, { quotas: [[m.id, 5]] });
  const { offering } = await makeOffering(setup.db, c.id);
  const trainee = await makeUser(setup.db, { role: 'trainee', municipalityId: m.id });
  await enrol(setup.db, c.id, trainee);
  const assignment = await makeAssignment(setup.db, offering.id, {
    allowedKinds: ['pdf'],
    expectsFile: true,
    expectsText: false,
  });
  await setup.close();

  const port = await freePort();
  const server = serve({ ...env, PORT: String(port) });
  const incoming = path.join(dataDir, 'incoming');
  try {
    await waitForHealth(port);
    const browser = new Browser();
    expect(await browser.signIn(`http://127.0.0.1:${port}`, trainee.email)).toBe(302);
    const csrf = await browser.csrf(`http://127.0.0.1:${port}/assignments/${assignment.id}`);
    // a 15 MB hand-in whose sending stops after 6 MB; the server dies while it waits for the rest
    const boundary = '----kokoma-crash-test';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="submit"\r\n\r\nja\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="gross.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/assignments/${assignment.id}/submission`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + 15 * 1024 * 1024),
        cookie: browser.cookieHeader(),
      },
    });
    req.on('error', () => undefined); // the server is about to die
    req.write(head);
    for (let i = 0; i < 6; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
    await until(
      async () => fs.readdirSync(incoming).some((f) => fs.statSync(path.join(incoming, f)).size > 1024 * 1024),
      20_000,
      'the upload to arrive',
    );
    server.kill('SIGKILL');
    await server.exited;
    req.destroy();
  } finally {
    server.killAll();
  }
  expect(fs.readdirSync(incoming)).toHaveLength(1); // the half upload, which no restart would ever remove by itself

  // the sweep, as the hourly job runs it, six hours later: and what a crash between file and commit leaves in the store
  const clock = new TestClock();
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent', SCRYPT_LOG_N: '10' });
  const deps = await buildDeps(config, { clock, logger: pino({ level: 'silent' }) });
  try {
    const orphan = await deps.files.put(Buffer.from('%PDF-1.4 eine Datei, deren Transaktion nie abgeschlossen wurde'));
    const files = path.join(dataDir, 'files');
    fs.writeFileSync(path.join(files, `${orphan.key}.9999.tmp`), 'halb geschrieben');
    clock.advance(7 * 60 * 60_000);
    await deps.jobs.runNow('files-orphaned');
    expect(fs.readdirSync(incoming)).toEqual([]);
    const left = fs.readdirSync(files, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(left).toEqual([]);
  } finally {
    await deps.jobs.stop();
    await deps.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
