import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type Agent, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort } from '../../../test/support/cohorts';
import { auditLog } from '../../platform/audit-table';
import { processModelProblems, readProcessModel } from './model';
import { binary } from '../../../test/support/pdf';
import { readXlsx } from '../../platform/spreadsheet';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ CONTENT_DIR: path.resolve(__dirname, '../../../content') });
});
afterAll(() => ctx.close());

describe('the process model in content/prozess.md', () => {
  const write = (front: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prozess-'));
    fs.writeFileSync(path.join(dir, 'prozess.md'), `---\n${front}\n---\nText.\n`);
    return dir;
  };
  it('the shipped model is valid: three phases, milestones with what counts as done, two of them live', () => {
    const model = readProcessModel(path.resolve(__dirname, '../../../content'));
    expect(model.phases.map((p) => p.key)).toEqual(['analyse', 'qualifizierung', 'transfer']);
    expect(model.milestones.length).toBeGreaterThanOrEqual(8);
    expect(model.milestones.filter((m) => m.live).map((m) => m.live)).toEqual(['benannt', 'abgeschlossen']);
  });
  it('names what is wrong: a milestone of an unknown phase, a key twice, an unknown live figure, a missing text', () => {
    const dir = write(
      [
        'title: T',
        'phases:',
        '  - { key: a, title: A, purpose: P }',
        '  - { key: a, title: B, purpose: P }',
        'milestones:',
        '  - { key: m, phase: b, title: M, done: D }',
        '  - { key: m, phase: a, title: M, done: D, live: erfunden }',
        '  - { key: n, phase: a, title: N }',
      ].join('\n'),
    );
    const [problem] = processModelProblems(dir);
    expect(problem).toContain('prozess.md');
    expect(problem).toContain('live: erlaubt ist benannt oder abgeschlossen.');
    expect(problem).toContain('done fehlt oder ist kein Text.');
    expect(processModelProblems(write('title: T\nphases: []\nmilestones: []'))).toEqual([
      expect.stringContaining('Mindestens eine Phase'),
    ]);
    // once every entry is well-formed, the cross-checks: keys twice, phases that do not exist
    const twice = write(
      'title: T\nphases:\n  - { key: a, title: A, purpose: P }\n  - { key: a, title: B, purpose: P }\nmilestones:\n  - { key: m, phase: a, title: M, done: D }\n  - { key: m, phase: a, title: N, done: D }',
    );
    expect(processModelProblems(twice)[0]).toContain('Die Phase "a" gibt es zweimal.');
    expect(processModelProblems(twice)[0]).toContain('Den Meilenstein "m" gibt es zweimal.');
    const ok = write(
      'title: T\nphases:\n  - { key: a, title: A, purpose: P }\nmilestones:\n  - { key: m, phase: x, title: M, done: D }',
    );
    expect(processModelProblems(ok)[0]).toContain('Die Phase "x" des Meilensteins "m" gibt es nicht');
  });
});

describe('a municipality’s process', () => {
  let m: { id: number; name: string };
  let admin: Agent;
  let follower: Agent;
  let localPerson: { id: number; email: string };
  const page = (a: Agent) => a.get(`/municipalities/${m.id}/process`);
  beforeAll(async () => {
    const db = ctx.database.db;
    m = await makeMunicipality(db, { name: 'Prozessstadt' });
    admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin', firstName: 'Sabine', lastName: 'Spi' })).email);
    follower = await signIn(ctx.app, (await makeUser(db, { role: 'coordinator', municipalityId: m.id })).email);
    localPerson = await makeUser(db, {
      role: 'coordinator',
      municipalityId: m.id,
      firstName: 'Lena',
      lastName: 'Lokal',
    });
  });

  it('shows phases, milestones and the tandem; nothing set yet is said plainly', async () => {
    const res = await page(admin);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Prozess in Prozessstadt');
    expect(res.text).toContain('Analyse des lokalen Konflikts');
    expect(res.text).toContain('Steuerungsgruppe eingerichtet');
    expect(res.text).toContain('noch nicht begonnen');
    expect(res.text).toContain('0 von 8 Meilensteinen erreicht');
    expect(res.text).toContain('Noch sind keine Daten eingetragen');
  });

  it('saves a milestone; refuses a reached one without its date and a dropped one without a reason, keeping the input', async () => {
    const url = `/municipalities/${m.id}/process/milestones/steuerungsgruppe`;
    const form = await admin.get(url);
    expect(form.status).toBe(200);
    const csrf = csrfFrom(form.text);
    const noDate = await admin.post(url).type('form').send({ _csrf: csrf, status: 'erreicht', note: 'Erste Sitzung' });
    expect(noDate.status).toBe(422);
    expect(noDate.text).toContain('Bitte geben Sie an, wann der Meilenstein erreicht wurde.');
    expect(noDate.text).toContain('Erste Sitzung');
    const noReason = await admin.post(url).type('form').send({ _csrf: csrf, status: 'entfaellt' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Bitte geben Sie an, warum der Meilenstein entfällt.');
    const badDate = await admin.post(url).type('form').send({ _csrf: csrf, status: 'offen', plannedOn: '31.02.2026' });
    expect(badDate.status).toBe(422);
    const ok = await admin.post(url).type('form').send({
      _csrf: csrf,
      status: 'erreicht',
      reachedOn: '12.03.2026',
      plannedOn: '2026-03-01',
      note: 'Erste Sitzung',
    });
    expect(ok.status).toBe(302);
    const after = await page(admin);
    expect(after.text).toContain('1 von 8 Meilensteinen erreicht');
    expect(after.text).toContain('12.03.2026');
    expect(after.text).toContain('<svg class="bar-chart"');
    // an open milestone planned in the past is overdue
    await admin
      .post(`/municipalities/${m.id}/process/milestones/konfliktanalyse`)
      .type('form')
      .send({ _csrf: csrf, status: 'in_arbeit', plannedOn: '2026-05-01' });
    expect((await page(admin)).text).toMatch(/01\.05\.2026 <span class="kern-badge kern-badge--danger">/);
    const [entry] = await ctx.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'process.milestone'))
      .limit(1);
    expect(entry!.subjectId).toBe(m.id);
    expect((await admin.get(`/municipalities/${m.id}/process/milestones/gibtsnicht`)).status).toBe(404);
  });

  it('phase dates: the end not before the start; the current phase follows the actual dates', async () => {
    const url = `/municipalities/${m.id}/process/phases/analyse`;
    const csrf = csrfFrom((await admin.get(url)).text);
    const wrong = await admin
      .post(url)
      .type('form')
      .send({ _csrf: csrf, plannedStart: '2026-06-01', plannedEnd: '2026-01-01', actualEnd: '2026-02-01' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Das Ende liegt vor dem Beginn.');
    expect(wrong.text).toContain('Ein tatsächliches Ende braucht einen tatsächlichen Beginn.');
    const ok = await admin
      .post(url)
      .type('form')
      .send({ _csrf: csrf, plannedStart: '2026-01-01', plannedEnd: '2026-06-30', actualStart: '2026-01-15' });
    expect(ok.status).toBe(302);
    expect((await page(admin)).text).toContain('1. Analyse des lokalen Konflikts</dd>');
  });

  it('the health needs a reason unless all is in plan', async () => {
    const csrf = csrfFrom((await page(admin)).text);
    const url = `/municipalities/${m.id}/process/health`;
    const bare = await admin.post(url).type('form').send({ _csrf: csrf, health: 'gefaehrdet', healthReason: ' ' });
    expect(bare.status).toBe(422);
    expect(bare.text).toContain('Bitte begründen Sie die Einschätzung.');
    await admin
      .post(url)
      .type('form')
      .send({ _csrf: csrf, health: 'aufmerksamkeit', healthReason: 'Steuerungsgruppe tagt selten' });
    const res = await page(admin);
    expect(res.text).toContain('Aufmerksamkeit nötig');
    expect(res.text).toContain('Steuerungsgruppe tagt selten');
    expect(res.text).toContain('von Sabine Spi');
  });

  it('the SPI-Team forms the tandem from people; the local facilitator then keeps the process, other coordinators follow', async () => {
    const db = ctx.database.db;
    const csrf = csrfFrom((await page(admin)).text);
    const elsewhere = await makeUser(db, { role: 'coordinator', municipalityId: (await makeMunicipality(db)).id });
    const url = `/municipalities/${m.id}/process/tandem`;
    const wrong = await admin
      .post(url)
      .type('form')
      .send({ _csrf: csrf, localFacilitatorId: String(elsewhere.id) });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Bitte wählen Sie eine Person der kommunalen Koordination dieser Kommune');
    const external = await makeUser(db, { role: 'admin', firstName: 'Ella', lastName: 'Extern' });
    expect(
      (
        await admin
          .post(url)
          .type('form')
          .send({ _csrf: csrf, externalFacilitatorId: String(external.id), localFacilitatorId: String(localPerson.id) })
      ).status,
    ).toBe(302);
    const shown = await page(admin);
    expect(shown.text).toContain('Ella Extern');
    expect(shown.text).toContain('Lena Lokal');

    const local = await signIn(ctx.app, localPerson.email);
    const own = await page(local);
    expect(own.status).toBe(200);
    expect(own.text).toContain(`/municipalities/${m.id}/process/milestones/konzept`);
    expect(own.text).not.toContain(`/process/tandem`);
    const form = await local.get(`/municipalities/${m.id}/process/milestones/konzept`);
    expect(form.status).toBe(200);
    expect(
      (
        await local
          .post(`/municipalities/${m.id}/process/milestones/konzept`)
          .type('form')
          .send({ _csrf: csrfFrom(form.text), status: 'in_arbeit' })
      ).status,
    ).toBe(302);
    expect(
      (
        await local
          .post(url)
          .type('form')
          .send({ _csrf: csrfFrom(own.text) })
      ).status,
    ).toBe(403);

    const followed = await page(follower);
    expect(followed.status).toBe(200);
    expect(followed.text).toContain('in Arbeit');
    expect(followed.text).not.toContain('/process/milestones/');
    expect((await follower.get(`/municipalities/${m.id}/process/milestones/konzept`)).status).toBe(404);
    expect(
      (
        await follower
          .post(`/municipalities/${m.id}/process/health`)
          .type('form')
          .send({ _csrf: csrfFrom(followed.text), health: 'im_plan' })
      ).status,
    ).toBe(404);
  });

  it('other municipalities answer 404; trainers and trainees get 403; /process leads a coordinator home', async () => {
    const db = ctx.database.db;
    const other = await signIn(
      ctx.app,
      (await makeUser(db, { role: 'coordinator', municipalityId: (await makeMunicipality(db)).id })).email,
    );
    expect((await page(other)).status).toBe(404);
    expect((await other.get(`/municipalities/999999/process`)).status).toBe(404);
    for (const role of ['trainer', 'trainee'] as const) {
      const a = await signIn(
        ctx.app,
        (await makeUser(db, { role, municipalityId: role === 'trainee' ? m.id : null })).email,
      );
      expect((await page(a)).status).toBe(403);
    }
    const home = await follower.get('/process');
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe(`/municipalities/${m.id}/process`);
  });

  it('"Teilnehmende benannt" shows the live numbers from enrolment', async () => {
    const db = ctx.database.db;
    const c = await makeCohort(db, { quotas: [[m.id, 5]] });
    for (let i = 0; i < 3; i++)
      await enrol(
        db,
        c.id,
        await makeUser(db, { role: 'trainee', municipalityId: m.id }),
        i < 2 ? 'bestaetigt' : 'nominiert',
      );
    expect((await page(admin)).text).toContain('Aus der Plattform: 3 Personen nominiert, 2 bestätigt');
  });
});

describe('the SPI-Team’s overview and the start pages', () => {
  it('every municipality in one line, sortable, with the overdue milestones; as CSV and XLSX; on the start pages', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db, { name: 'Übersichtdorf' });
    const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const csrf = csrfFrom((await admin.get(`/municipalities/${a.id}/process`)).text);
    await admin
      .post(`/municipalities/${a.id}/process/milestones/kooperationsvereinbarung`)
      .type('form')
      .send({ _csrf: csrf, status: 'erreicht', reachedOn: '2026-01-10' });
    await admin
      .post(`/municipalities/${a.id}/process/milestones/steuerungsgruppe`)
      .type('form')
      .send({ _csrf: csrf, status: 'offen', plannedOn: '2026-02-01' });
    await admin
      .post(`/municipalities/${a.id}/process/health`)
      .type('form')
      .send({ _csrf: csrf, health: 'gefaehrdet', healthReason: 'Niemand lädt ein' });
    const page = await admin.get('/process/overview?sortierung=einschaetzung');
    expect(page.status).toBe(200);
    // the most worrying first
    const first = /<tbody[\s\S]*?<th class="kern-table__cell" scope="row"><a[^>]*>([^<]+)<\/a>/.exec(page.text)![1];
    expect(first).toBe('Übersichtdorf');
    expect(page.text).toContain('1 von 8');
    expect(page.text).toContain('Steuerungsgruppe eingerichtet, 01.02.2026');
    expect(page.text).toMatch(/Übersichtdorf: Steuerungsgruppe eingerichtet<\/a> \(Geplant für 01\.02\.2026\)/);
    expect((await admin.get('/process/overview?sortierung=%00&richtung=x')).status).toBe(200);
    const csv = await admin.get('/process/overview.csv');
    expect(csv.text).toMatch(
      /Übersichtdorf;noch nicht begonnen;1;8;gefährdet;Niemand lädt ein;Steuerungsgruppe eingerichtet;01\.02\.2026;1/,
    );
    const xlsx = await binary(admin.get('/process/overview.xlsx'));
    const rows = await readXlsx(xlsx.body as Buffer);
    expect(rows.find((r) => r[0] === 'Übersichtdorf')).toEqual(expect.arrayContaining(['1', '8', 'gefährdet']));
    expect((await admin.get('/')).text).toMatch(/überfällige? Meilenstein/);

    const coordinator = await signIn(
      ctx.app,
      (await makeUser(db, { role: 'coordinator', municipalityId: a.id })).email,
    );
    const start = await coordinator.get('/');
    expect(start.text).toContain('Prozess in Übersichtdorf');
    expect(start.text).toContain('überfällig: Steuerungsgruppe eingerichtet');
    expect((await coordinator.get('/process/overview')).status).toBe(403);
    const report = await coordinator.get('/reports?zeitraum=jahr&jahr=2026');
    expect(report.text).toContain('Prozess der Kommunen (heutiger Stand)');
    expect(report.text).toMatch(
      /Übersichtdorf<\/th>\s*<td[^>]*>noch nicht begonnen<\/td><td[^>]*>1<\/td><td[^>]*>8<\/td><td[^>]*>gefährdet<\/td>/,
    );
  });
});

describe('the Steuerungsgruppe and the meetings log', () => {
  it('members with minimal data; leaving keeps them as former members', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db, { name: 'Gremiendorf' });
    const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const base = `/municipalities/${m.id}/process`;
    const form = await admin.get(`${base}/members/new`);
    expect(form.status).toBe(200);
    const csrf = csrfFrom(form.text);
    const empty = await admin
      .post(`${base}/members/new`)
      .type('form')
      .send({ _csrf: csrf, organisation: 'Stadtbibliothek' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Bitte geben Sie den Namen ein.');
    expect(empty.text).toContain('Stadtbibliothek');
    const wrong = await admin
      .post(`${base}/members/new`)
      .type('form')
      .send({ _csrf: csrf, name: 'Eva Engel', sector: 'adel', joinedOn: '2026-05-01', leftOn: '2026-01-01' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Bitte wählen Sie einen Sektor aus der Liste.');
    expect(wrong.text).toContain('Das Ausscheiden liegt vor dem Beginn der Mitgliedschaft.');
    await admin.post(`${base}/members/new`).type('form').send({
      _csrf: csrf,
      name: 'Eva Engel',
      organisation: 'Stadtbibliothek',
      sector: 'bildung',
      role: 'Protokoll',
      joinedOn: '01.02.2026',
    });
    let page = await admin.get(base);
    expect(page.text).toMatch(
      /Eva Engel<\/th>\s*<td[^>]*>Stadtbibliothek<\/td>\s*<td[^>]*>Bildungseinrichtung<\/td>\s*<td[^>]*>Protokoll<\/td>\s*<td[^>]*>01\.02\.2026<\/td>/,
    );
    const id = /\/members\/(\d+)"/.exec(page.text)![1];
    await admin.post(`${base}/members/${id}`).type('form').send({
      _csrf: csrf,
      name: 'Eva Engel',
      organisation: 'Stadtbibliothek',
      sector: 'bildung',
      joinedOn: '2026-02-01',
      leftOn: '2026-10-31',
    });
    page = await admin.get(base);
    expect(page.text).toContain('Ehemalige Mitglieder');
    expect(page.text).toContain('Eva Engel, Stadtbibliothek (Ausgeschieden am 31.10.2026)');
    expect((await admin.get(`${base}/members/99999`)).status).toBe(404);
  });

  it('meetings with next steps; supervision only for the tandem and the SPI-Team; steps done; overdue ones reported', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db, { name: 'Sitzungsstadt' });
    const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const local = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
    const follower = await signIn(ctx.app, (await makeUser(db, { role: 'coordinator', municipalityId: m.id })).email);
    const base = `/municipalities/${m.id}/process`;
    const csrf = csrfFrom((await admin.get(`${base}/meetings/new`)).text);
    await admin
      .post(`${base}/tandem`)
      .type('form')
      .send({ _csrf: csrf, localFacilitatorId: String(local.id) });
    const bad = await admin.post(`${base}/meetings/new`).type('form').send({
      _csrf: csrf,
      heldOn: '',
      kind: 'kaffeeklatsch',
      participants: 'viele',
      stepWho1: 'Stadt',
      decisions: 'Beschlossen',
    });
    expect(bad.status).toBe(422);
    for (const message of [
      'Bitte geben Sie das Datum der Sitzung ein',
      'Bitte wählen Sie die Art der Sitzung.',
      'Bitte geben Sie die Anzahl der Teilnehmenden',
      'Bitte beschreiben Sie den Schritt',
    ])
      expect(bad.text).toContain(message);
    expect(bad.text).toContain('Beschlossen');
    const ok = await admin
      .post(`${base}/meetings/new`)
      .type('form')
      .send({
        _csrf: csrf,
        heldOn: '2026-09-01',
        kind: 'steuerungsgruppe',
        participants: '8',
        organisations: 'Stadt, Jugendtreff',
        sectors: ['verwaltung', 'zivilgesellschaft'],
        decisions: 'Konzept beschlossen.\nNächste Sitzung im Oktober.',
        stepText1: 'Einladung an die Schulen',
        stepWho1: 'Stadt',
        stepDue1: '2026-10-01',
        stepText2: 'Protokoll verschicken',
      });
    expect(ok.status).toBe(302);
    await admin.post(`${base}/meetings/new`).type('form').send({
      _csrf: csrf,
      heldOn: '2026-09-15',
      kind: 'supervision',
      participants: '3',
      decisions: 'Vertrauliches Gespräch',
    });
    const spiView = await admin.get(base);
    expect(spiView.text).toContain('Supervision');
    expect(spiView.text).toContain('Vertrauliches Gespräch');
    expect(spiView.text).toContain('8 Teilnehmende · Stadt, Jugendtreff · Verwaltung, Zivilgesellschaft');
    expect(spiView.text).toContain('Einladung an die Schulen – Stadt, bis 01.10.2026');
    const localView = await (await signIn(ctx.app, local.email)).get(base);
    expect(localView.text).toContain('Vertrauliches Gespräch');
    const followed = await follower.get(base);
    expect(followed.text).toContain('Konzept beschlossen.');
    expect(followed.text).not.toContain('Vertrauliches Gespräch');
    expect(followed.text).not.toContain('Supervision</h3>');
    const supervisionId = /id="sitzung-(\d+)"[\s\S]*?Supervision/.exec(spiView.text)![1];
    expect((await follower.get(`${base}/meetings/${supervisionId}`)).status).toBe(404);

    // the step due 01.10.2026 is overdue: on the overview and the coordinators' start page, until it is done
    const overview = await admin.get('/process/overview');
    expect(overview.text).toContain('Sitzungsstadt: Einladung an die Schulen');
    expect(overview.text).toContain('15.09.2026');
    expect((await follower.get('/')).text).toContain('Einladung an die Schulen');
    const stepId =
      /\/steps\/(\d+)"[\s\S]*?Einladung an die Schulen/.exec(spiView.text)?.[1] ??
      /action="[^"]*\/steps\/(\d+)"/.exec(spiView.text)![1];
    expect(
      (
        await follower
          .post(`${base}/steps/${stepId}`)
          .type('form')
          .send({ _csrf: csrfFrom(followed.text), done: 'ja' })
      ).status,
    ).toBe(404);
    expect((await admin.post(`${base}/steps/${stepId}`).type('form').send({ _csrf: csrf, done: 'ja' })).status).toBe(
      302,
    );
    expect((await admin.get('/process/overview')).text).not.toContain('Sitzungsstadt: Einladung an die Schulen');
    expect(
      (await admin.post(`${base}/steps/${stepId}`).type('form').send({ _csrf: csrf, done: 'vielleicht' })).status,
    ).toBe(422);
  });
});
