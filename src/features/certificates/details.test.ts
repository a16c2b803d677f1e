import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { binary, pdfText } from '../../../test/support/pdf';
import { enrol, makeCohort, makeModule, makeSession } from '../../../test/support/cohorts';
import { attendance } from '../attendance/table';
import { offerings } from '../cohorts/table';
import { certificates } from './table';

/** What a certificate says beyond the names: topics, funding line, logos; and how it is found again. */
let ctx: TestContext;
const logo = path.resolve(__dirname, '../../../test/fixtures/files/pixel.png');
beforeAll(async () => {
  ctx = await createTestContext({
    CERTIFICATE_LOGOS: logo,
    CERTIFICATE_FUNDING_LINE: 'Gefördert im Bundesprogramm „Demokratie leben!“ (Testzeile)',
  });
});
afterAll(() => ctx.close());

async function issuedTeilnahme() {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { name: `Erfurt Frühjahr ${m.id}`, quotas: [[m.id, 5]] });
  const mod = await makeModule(db, {
    title: 'Konfliktanalyse',
    objectives: ['Konflikte systemisch analysieren', 'Eskalationsstufen erkennen'],
  });
  const [o] = await db.insert(offerings).values({ cohortId: c.id, moduleId: mod.id, position: 1 }).returning();
  const s = await makeSession(db, o!.id, { date: '2026-03-10', ue: 8 });
  const holder = await makeUser(db, {
    role: 'trainee',
    municipalityId: m.id,
    firstName: 'Marie',
    lastName: 'von Stein',
  });
  await enrol(db, c.id, holder);
  await db.insert(attendance).values({
    sessionId: s.id,
    userId: holder.id,
    status: 'anwesend',
    source: 'liste',
    recordedAt: new Date('2026-03-10T12:00:00Z'),
  });
  const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
  const page = await admin.get(`/cohorts/${c.id}/certificates`);
  const res = await admin
    .post(`/cohorts/${c.id}/certificates`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), target: `${holder.id}:teilnahme:${o!.id}` });
  expect(res.status).toBe(302);
  const [cert] = await db.select().from(certificates).where(eq(certificates.userId, holder.id));
  return { db, admin, holder, cohort: c, cert: cert! };
}

it('a Teilnahmebescheinigung lists the module’s topics, the funding line and the configured logo', async () => {
  const { admin, cert, cohort } = await issuedTeilnahme();
  const pdf = (await binary(admin.get(`/certificates/${cert.id}.pdf`))).body as Buffer;
  const text = pdfText(pdf);
  expect(text).toContain('Inhalte des Moduls:');
  expect(text).toContain('Konflikte systemisch analysieren');
  expect(text).toContain('Eskalationsstufen erkennen');
  expect(text).toContain('(Testzeile)');
  // "im Durchgang „Erfurt Frühjahr …“": the name does not say Durchgang itself
  expect(text.replace(/\s+/g, ' ')).toContain(`im Durchgang „${cohort.name}“`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-img-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf);
    expect(execFileSync('pdfimages', ['-list', path.join(dir, 'c.pdf')]).toString()).toMatch(/\n\s*1\s+0\s+image/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('can be checked with the printed number and the surname, never with the number alone', async () => {
  const { cert } = await issuedTeilnahme();
  const anyone = (await import('supertest')).default(ctx.app);
  const ok = await anyone.get(`/verify?number=${cert.number}&surname=von%20Stein`);
  expect(ok.status).toBe(200);
  expect(ok.text).toContain('Marie von Stein');
  expect((await anyone.get(`/verify?number=${cert.number}&surname=Stein`)).status).toBe(200);
  for (const surname of ['', 'Marie', 'Müller', 'S']) {
    const no = await anyone.get(`/verify?number=${cert.number}&surname=${encodeURIComponent(surname)}`);
    expect(no.status).toBe(404);
    expect(no.text).not.toContain('Marie von Stein');
  }
});

it('the register is searchable by holder and number', async () => {
  const { admin, cert } = await issuedTeilnahme();
  expect((await admin.get('/certificates?q=von%20stein')).text).toContain(cert.number);
  expect((await admin.get(`/certificates?q=${cert.number}`)).text).toContain('Marie von Stein');
  expect((await admin.get('/certificates?q=niemand-heisst-so')).text).not.toContain(cert.number);
});

it('the SPI-Team corrects the form of address, and a correction uses it', async () => {
  const { db, admin, holder, cert } = await issuedTeilnahme();
  const edit = await admin.get(`/people/${holder.id}/edit`);
  expect(edit.text).toContain('name="certificateTitle"');
  const form = {
    firstName: holder.firstName,
    lastName: holder.lastName,
    email: holder.email,
    role: 'trainee',
    municipalityId: String(holder.municipalityId),
    sector: 'verwaltung',
    organisation: '',
    jobTitle: '',
    certificateTitle: 'konfliktmanagerin',
  };
  expect(
    (
      await admin
        .post(`/people/${holder.id}`)
        .type('form')
        .send({ ...form, _csrf: csrfFrom(edit.text) })
    ).status,
  ).toBe(302);
  const detail = await admin.get(`/certificates/${cert.id}`);
  await admin
    .post(`/certificates/${cert.id}/correct`)
    .type('form')
    .send({ _csrf: csrfFrom(detail.text), reason: 'Anrede korrigiert' });
  const [corrected] = await db.select().from(certificates).where(eq(certificates.replacesId, cert.id));
  expect(corrected!.content.title).toBe('Kommunale Konfliktmanagerin');
  // a coordinator cannot change it
  const coordinator = await signIn(
    ctx.app,
    (await makeUser(db, { role: 'coordinator', municipalityId: holder.municipalityId })).email,
  );
  const theirs = await coordinator.get(`/people/${holder.id}/edit`);
  expect(theirs.text).not.toContain('name="certificateTitle"');
  const sneaky = await coordinator
    .post(`/people/${holder.id}`)
    .type('form')
    .send({
      ...form,
      role: undefined,
      municipalityId: undefined,
      certificateTitle: 'konfliktmanager',
      _csrf: csrfFrom(theirs.text),
    });
  expect(sneaky.status).toBe(403);
});

it('e-mails all certificates of a cohort not sent yet, once', async () => {
  const { admin, cohort, holder } = await issuedTeilnahme();
  const page = await admin.get(`/cohorts/${cohort.id}/certificates`);
  expect(
    (
      await admin
        .post(`/cohorts/${cohort.id}/certificates/send`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
    ).status,
  ).toBe(302);
  expect((await ctx.smtp.mailTo(holder.email, 'Ihre Teilnahmebescheinigung der Stiftung SPI')).text).toContain(
    'Marie von Stein',
  );
  await admin
    .post(`/cohorts/${cohort.id}/certificates/send`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
  expect((await admin.get(`/cohorts/${cohort.id}/certificates`)).text).toContain('bereits versandt');
});
