import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { sheetForm } from '../../../test/support/attendance';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('"Abschluss gefährdet": listed for the SPI-Team and the coordinator, never mailed by itself; the SPI-Team writes a friendly, editable message', async () => {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const elsewhere = await makeMunicipality(db);
  const trainer = await makeUser(db, { role: 'trainer' });
  const coordinator = await makeUser(db, {
    role: 'coordinator',
    municipalityId: m.id,
    email: `koord-${m.id}@test.example`,
  });
  const otherCoordinator = await makeUser(db, { role: 'coordinator', municipalityId: elsewhere.id });
  const c = await makeCohort(db, {
    quotas: [
      [m.id, 5],
      [elsewhere.id, 5],
    ],
  });
  // five in-person modules, one day each; the rule asks for four
  const sessions = [];
  for (let i = 1; i <= 5; i++) {
    const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id], position: i });
    sessions.push(
      await makeSession(db, offering.id, { date: `2026-0${i}-10`, startTime: '09:00', endTime: '16:00', ue: 8 }),
    );
  }
  const { offering: online } = await makeOffering(db, c.id, { trainerIds: [trainer.id], kind: 'online', position: 6 });
  await makeSession(db, online.id, {
    date: '2026-08-10',
    kind: 'online',
    location: '',
    videoUrl: 'https://x.example',
    ue: 4,
  });
  const person = await makeUser(db, {
    role: 'trainee',
    municipalityId: m.id,
    email: `fehlt-${m.id}@test.example`,
    firstName: 'Frida',
    lastName: 'Fehlzeit',
  });
  await enrol(db, c.id, person);
  const teacher = await signIn(ctx.app, trainer.email);
  const mark = async (sessionId: number, status: string) =>
    teacher
      .post(`/sessions/${sessionId}/attendance`)
      .type('form')
      .send(await sheetForm(teacher, sessionId, { [`s_${person.id}`]: status }));
  await mark(sessions[0]!.id, 'unentschuldigt');
  await mark(sessions[1]!.id, 'entschuldigt'); // a second in-person module missed: 3 of 5 at most
  expect((await teacher.get(`/sessions/${sessions[1]!.id}/attendance`)).text).toContain('Abschluss gefährdet');

  const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
  const list = await admin.get('/at-risk');
  expect(list.text).toContain('Fehlzeit, Frida');
  expect(list.text).toContain(text('atRisk.notMessaged'));
  expect((await (await signIn(ctx.app, coordinator.email)).get('/at-risk')).text).toContain('Fehlzeit, Frida');
  expect((await (await signIn(ctx.app, otherCoordinator.email)).get('/at-risk')).text).not.toContain('Fehlzeit');
  expect((await teacher.get('/at-risk')).status).toBe(403);
  await new Promise((r) => setTimeout(r, 300));
  expect(ctx.smtp.received.filter((r) => r.to.includes(person.email))).toEqual([]); // nothing went out by itself

  const form = await admin.get(`/at-risk/${c.id}/${person.id}`);
  expect(form.text).toContain('Ihre Weiterbildung');
  expect(form.text).toContain('Das muss nicht das Ende sein');
  const empty = await admin
    .post(`/at-risk/${c.id}/${person.id}`)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), subject: '', text: 'Hallo' });
  expect(empty.status).toBe(422);
  expect(empty.text).toContain('Hallo');
  const sent = await admin
    .post(`/at-risk/${c.id}/${person.id}`)
    .type('form')
    .send({
      _csrf: csrfFrom(form.text),
      subject: 'Wie geht es weiter?',
      text: 'Liebe Frau Fehlzeit, sprechen wir darüber.',
      copyCoordinators: 'ja',
    });
  expect(sent.status).toBe(302);
  const mail = await ctx.smtp.mailTo(person.email, 'Wie geht es weiter?');
  expect(mail.text).toContain('sprechen wir darüber');
  expect((await ctx.smtp.mailTo(coordinator.email, 'Kopie: Wie geht es weiter?')).text).toContain(
    'sprechen wir darüber',
  );
  expect((await admin.get('/at-risk')).text).toContain('angeschrieben am');
  // a trainer or coordinator cannot write such a message
  expect((await teacher.get(`/at-risk/${c.id}/${person.id}`)).status).toBe(403);
});
