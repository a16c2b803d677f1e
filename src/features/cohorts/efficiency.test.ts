import { eq, isNull } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeModule, makeOffering, makeSession } from '../../../test/support/cohorts';
import { modules } from '../catalogue/table';
import { enrolments } from '../enrolment/table';
import { cohortMunicipalities, cohorts, offerings, offeringTrainers, scheduleSessions } from './table';

/** What saves the SPI-Team clicks: all modules at once, a cohort copied with its pattern, several confirmations. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function admin() {
  return signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
}

it('adds every catalogue module the cohort does not have yet', async () => {
  const db = ctx.database.db;
  await makeModule(db);
  await makeModule(db, { kind: 'online' });
  const c = await makeCohort(db);
  await makeOffering(db, c.id);
  const agent = await admin();
  const token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);
  expect((await agent.post(`/cohorts/${c.id}/offerings/all`).type('form').send({ _csrf: token })).status).toBe(302);
  const live = await db.select().from(modules).where(isNull(modules.archivedAt));
  expect(await db.select().from(offerings).where(eq(offerings.cohortId, c.id))).toHaveLength(live.length);
  await agent.post(`/cohorts/${c.id}/offerings/all`).type('form').send({ _csrf: token });
  expect((await agent.get(`/cohorts/${c.id}`)).text).toContain(
    'Alle Module des Katalogs sind schon in diesem Durchgang.',
  );
});

it('copies a cohort with its modules, trainers and sessions moved by whole weeks, without municipalities or people', async () => {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const trainer = await makeUser(db, { role: 'trainer' });
  const c = await makeCohort(db, { startsOn: '2026-03-02', endsOn: '2026-12-18', seats: 18, quotas: [[m.id, 6]] });
  const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
  await makeSession(db, offering.id, { date: '2026-03-10', startTime: '09:00', endTime: '16:30' }); // a Tuesday
  await makeSession(db, offering.id, { date: '2026-03-11', startTime: '09:00', endTime: '13:00', ue: 4 });
  await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: m.id }));
  const agent = await admin();
  const form = await agent.get(`/cohorts/${c.id}/copy`);
  expect(form.text).toContain('(Kopie)');
  const res = await agent
    .post(`/cohorts/${c.id}/copy`)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), name: `Kopie ${c.id}`, startsOn: '04.04.2027' });
  expect(res.status).toBe(302);
  const [copy] = await db
    .select()
    .from(cohorts)
    .where(eq(cohorts.name, `Kopie ${c.id}`));
  expect(copy).toMatchObject({ status: 'geplant', seats: 18, startsOn: '2027-04-05' });
  const [o] = await db.select().from(offerings).where(eq(offerings.cohortId, copy!.id));
  expect(
    (await db.select().from(offeringTrainers).where(eq(offeringTrainers.offeringId, o!.id))).map((x) => x.userId),
  ).toEqual([trainer.id]);
  const sessions = await db
    .select()
    .from(scheduleSessions)
    .where(eq(scheduleSessions.offeringId, o!.id))
    .orderBy(scheduleSessions.date);
  expect(sessions.map((s) => s.date)).toEqual(['2027-04-13', '2027-04-14']); // still Tuesday and Wednesday
  expect(new Date(`${sessions[0]!.date}T12:00:00Z`).getUTCDay()).toBe(2);
  expect(await db.select().from(cohortMunicipalities).where(eq(cohortMunicipalities.cohortId, copy!.id))).toEqual([]);
  expect(await db.select().from(enrolments).where(eq(enrolments.cohortId, copy!.id))).toEqual([]);
  const taken = await agent
    .post(`/cohorts/${c.id}/copy`)
    .type('form')
    .send({ _csrf: csrfFrom(form.text), name: `Kopie ${c.id}`, startsOn: '04.04.2027' });
  expect(taken.status).toBe(422);
});

it('confirms several nominations at once, never a waiting person', async () => {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { quotas: [[m.id, 2]] });
  const [a, b, w] = [
    await makeUser(db, { role: 'trainee', municipalityId: m.id }),
    await makeUser(db, { role: 'trainee', municipalityId: m.id }),
    await makeUser(db, { role: 'trainee', municipalityId: m.id }),
  ];
  const ea = await enrol(db, c.id, a, 'nominiert');
  const eb = await enrol(db, c.id, b, 'nominiert');
  const ew = await enrol(db, c.id, w, 'warteliste');
  const agent = await admin();
  const page = await agent.get(`/cohorts/${c.id}`);
  expect(page.text).toContain(`name="enrolmentIds" value="${ea.id}" form="bulk-confirm"`);
  const res = await agent
    .post(`/cohorts/${c.id}/confirmations`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), enrolmentIds: [String(ea.id), String(eb.id), String(ew.id)] });
  expect(res.status).toBe(302);
  const states = await db
    .select({ id: enrolments.id, status: enrolments.status })
    .from(enrolments)
    .where(eq(enrolments.cohortId, c.id));
  expect(Object.fromEntries(states.map((s) => [s.id, s.status]))).toEqual({
    [ea.id]: 'bestaetigt',
    [eb.id]: 'bestaetigt',
    [ew.id]: 'warteliste',
  });
  expect((await ctx.smtp.mailTo(a.email, /bestätigt/)).to).toContain(a.email);
  expect((await agent.get(`/cohorts/${c.id}`)).text).toContain('2 Teilnahmen sind bestätigt');
});
