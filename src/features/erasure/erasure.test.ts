import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import {
  enrol,
  makeAssignment,
  makeCohort,
  makeOffering,
  makeSession,
  makeSubmission,
} from '../../../test/support/cohorts';
import { text } from '../../../test/support/texts';
import { attendance } from '../attendance/table';
import { storedFiles } from '../assignments/table';
import { certificates } from '../certificates/table';
import { users } from '../accounts/table';
import { erasureRequests } from './table';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** Every table of the application whose rows, as text, contain `needle` (case-insensitive). */
async function tablesContaining(needle: string): Promise<string[]> {
  const { rows } = await ctx.database.execute(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const found: string[] = [];
  for (const { table_name } of rows as Array<{ table_name: string }>) {
    const hit = await ctx.database.execute(`select 1 from "${table_name}" t where lower(t::text) like $1 limit 1`, [
      `%${needle.toLowerCase()}%`,
    ]);
    if (hit.rows.length) found.push(table_name);
  }
  return found;
}

it('a person asks, the SPI-Team erases: nothing personal is left outside what the data map keeps', async () => {
  const db = ctx.database.db;
  const admin = await makeUser(db, { role: 'admin' });
  const spi = await signIn(ctx.app, admin.email);
  // created through the app, so the log holds the name and address as they were
  const form = await spi.get('/people/new');
  const municipality = (await makeUser(db, { role: 'coordinator' })).municipalityId!;
  await spi
    .post('/people')
    .type('form')
    .send({
      firstName: 'Zenobia',
      lastName: 'Quastenflosser',
      email: 'zenobia.quastenflosser@kommune.example',
      role: 'trainee',
      municipalityId: String(municipality),
      sector: 'verwaltung',
      _csrf: csrfFrom(form.text),
    });
  const [person] = await db.select().from(users).where(eq(users.lastName, 'Quastenflosser'));
  await db.update(users).set({ passwordHash: admin.passwordHash }).where(eq(users.id, person!.id));
  const cohort = await makeCohort(db, {});
  const { offering } = await makeOffering(db, cohort.id);
  const session = await makeSession(db, offering.id);
  await enrol(db, cohort.id, person!);
  await db.insert(attendance).values({
    sessionId: session.id,
    userId: person!.id,
    status: 'entschuldigt',
    note: 'Zenobia ist krank',
    source: 'liste',
    recordedAt: ctx.clock.now(),
  });
  const { file } = await makeSubmission(db, (await makeAssignment(db, offering.id)).id, person!.id);
  const stored = await ctx.deps.files.put(Buffer.from('%PDF-1.4 Text von Zenobia'));
  await db.update(storedFiles).set({ storageKey: stored.key }).where(eq(storedFiles.id, file.id));
  const pdf = await ctx.deps.files.put(Buffer.from('%PDF-1.4 Zertifikat'));
  await db.insert(certificates).values({
    number: 'KOKOMA-2026-000009',
    code: 'ZENOB-IAQQQ',
    kind: 'zertifikat',
    userId: person!.id,
    cohortId: cohort.id,
    offeringRef: 0,
    content: { holder: 'Zenobia Quastenflosser' } as never,
    storageKey: pdf.key,
    sha256: pdf.sha256,
    issuedAt: ctx.clock.now(),
  });

  const own = await signIn(ctx.app, person!.email);
  const page = await own.get('/profile/data');
  expect(page.text).toContain(text('erasure.intro'));
  const asked = await own
    .post('/profile/data/erasure')
    .type('form')
    .send({ reason: 'Ich wechsle die Stelle.', _csrf: csrfFrom(page.text) });
  expect(asked.status).toBe(302);
  expect((await own.get('/profile/data')).text).toContain('liegt dem SPI-Team vor');
  const team = await ctx.smtp.mailTo(admin.email, text('erasureMail.teamSubject'));
  expect(team.text).toContain('Ich wechsle die Stelle.');

  const [request] = await db.select().from(erasureRequests);
  const detail = await spi.get(`/admin/erasure/${request!.id}`);
  expect(detail.status).toBe(200);
  expect(detail.text).toContain(text('erasure.kept'));
  const unchecked = await spi
    .post(`/admin/erasure/${request!.id}/erase`)
    .type('form')
    .send({ _csrf: csrfFrom(detail.text) });
  expect(unchecked.status).toBe(422);
  const done = await spi
    .post(`/admin/erasure/${request!.id}/erase`)
    .type('form')
    .send({ checked: 'ja', _csrf: csrfFrom(detail.text) });
  expect(done.status).toBe(302);
  expect((await spi.get(done.headers.location!)).text).toContain(text('erasure.erased'));

  // the person is told at the old address, then the address is gone; their session has ended
  await ctx.smtp.mailTo('zenobia.quastenflosser@kommune.example', text('erasureMail.doneSubject'));
  await ctx.deps.mailer.stop();
  expect((await own.get('/profile')).headers.location).toMatch(/^\/login/);
  const [after] = await db.select().from(users).where(eq(users.id, person!.id));
  expect(after).toMatchObject({ firstName: 'Gelöschte', lastName: 'Person', active: false, passwordHash: null });
  expect(after!.erasedAt).not.toBeNull();

  // kept, minimised: the certificate register holds the name (verification); the last mail's address until it is cleaned
  for (const needle of ['Quastenflosser', 'Zenobia'])
    expect([needle, await tablesContaining(needle)]).toEqual([needle, ['certificates', 'mail_outbox']]);
  expect(await tablesContaining('zenobia.quastenflosser@kommune.example')).toEqual(['mail_outbox']);
  // kept: the enrolment and the attendance, without the note; gone: the hand-in and its file
  expect((await db.select().from(attendance).where(eq(attendance.userId, person!.id)))[0]).toMatchObject({
    status: 'entschuldigt',
    note: '',
  });
  await expect(ctx.deps.files.read(stored.key)).rejects.toThrow();
  expect(await ctx.deps.files.read(pdf.key)).toBeTruthy();
  expect((await db.select().from(certificates).where(eq(certificates.userId, person!.id)))[0]).toMatchObject({
    number: 'KOKOMA-2026-000009',
    state: 'gueltig',
  });
  const left = await ctx.database.execute(`select id from submissions where user_id = $1`, [person!.id]);
  expect(left.rows).toEqual([]);
});

it('a refusal is explained to the person; nobody decides on their own request; only the SPI-Team decides', async () => {
  const db = ctx.database.db;
  const a = await makeUser(db, { role: 'admin' });
  const b = await makeUser(db, { role: 'admin' });
  const person = await makeUser(db, { role: 'trainer' });
  await ctx.deps.erasure.request({ ...person, municipalityId: null }, '');
  await ctx.deps.erasure.request({ ...a, municipalityId: null }, '');
  const requests = await db.select().from(erasureRequests);
  const ofPerson = requests.find((r) => r.userId === person.id)!;
  const ofA = requests.find((r) => r.userId === a.id)!;
  const spiA = await signIn(ctx.app, a.email);
  const own = await spiA.get(`/admin/erasure/${ofA.id}`);
  expect(own.text).toContain(text('erasure.notOwn'));
  expect(
    (
      await spiA
        .post(`/admin/erasure/${ofA.id}/erase`)
        .type('form')
        .send({ checked: 'ja', _csrf: csrfFrom(own.text) })
    ).status,
  ).toBe(409);
  const detail = await spiA.get(`/admin/erasure/${ofPerson.id}`);
  const empty = await spiA
    .post(`/admin/erasure/${ofPerson.id}/refuse`)
    .type('form')
    .send({ note: ' ', _csrf: csrfFrom(detail.text) });
  expect(empty.status).toBe(422);
  const refused = await spiA
    .post(`/admin/erasure/${ofPerson.id}/refuse`)
    .type('form')
    .send({ note: 'Ihr Durchgang läuft noch; danach löschen wir.', _csrf: csrfFrom(detail.text) });
  expect(refused.status).toBe(302);
  const mail = await ctx.smtp.mailTo(person.email, text('erasureMail.refusedSubject'));
  expect(mail.text).toContain('Ihr Durchgang läuft noch');
  expect((await db.select().from(users).where(eq(users.id, person.id)))[0]!.erasedAt).toBeNull();
  const spiB = await signIn(ctx.app, b.email);
  expect((await spiB.get('/admin/erasure')).text).toContain(`${a.firstName} ${a.lastName}`);
  for (const role of ['trainer', 'coordinator', 'trainee'] as const) {
    const other = await signIn(ctx.app, (await makeUser(db, { role })).email);
    expect((await other.get('/admin/erasure')).status).toBe(403);
    expect((await other.get(`/admin/erasure/${ofPerson.id}`)).status).toBe(403);
  }
  expect((await spiB.get('/admin/erasure/999999')).status).toBe(404);
});
