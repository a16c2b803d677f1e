import { and, eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { enrolments } from './table';
import { users } from '../accounts/table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const statusOf = async (cohortId: number, userId: number) =>
  (
    await ctx.database.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)))
  )[0]?.status;

async function setting(opts: { seats?: number; quota?: number } = {}) {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
  const c = await makeCohort(db, { seats: opts.seats ?? 10, quotas: [[m.id, opts.quota ?? 2]] });
  const agent = await signIn(ctx.app, coordinator.email);
  const token = csrfFrom((await agent.get(`/cohorts/${c.id}/nominate`)).text);
  const person = (over: Parameters<typeof makeUser>[1] = { role: 'trainee' }) =>
    makeUser(db, { ...over, role: 'trainee', municipalityId: m.id });
  const nominate = (userId: number) =>
    agent
      .post(`/cohorts/${c.id}/nominations`)
      .type('form')
      .send({ _csrf: token, userId: String(userId) });
  return { db, m, coordinator, c, agent, token, person, nominate };
}

describe('nominating', () => {
  it('gives a seat while the quota lasts, then the waiting list; the person is told by e-mail', async () => {
    const { c, person, nominate, agent } = await setting({ quota: 1 });
    const first = await person({ role: 'trainee', email: 'erste@test.example' });
    const second = await person({ role: 'trainee', email: 'zweite@test.example' });
    expect((await nominate(first.id)).status).toBe(302);
    expect(await statusOf(c.id, first.id)).toBe('nominiert');
    expect((await ctx.smtp.mailTo('erste@test.example')).text).toContain('Sie haben einen Platz');
    await nominate(second.id);
    expect(await statusOf(c.id, second.id)).toBe('warteliste');
    expect((await ctx.smtp.mailTo('zweite@test.example')).text).toContain('Warteliste');
    expect((await agent.get(`/cohorts/${c.id}/nominate`)).text).toContain('steht auf der Warteliste');
    // twice is refused, nothing changes
    const again = await nominate(first.id);
    expect(again.status).toBe(409);
    expect(again.text).toContain('bereits angemeldet');
    expect(await statusOf(c.id, first.id)).toBe('nominiert');
  });

  it('puts people on the waiting list when the cohort is full, even with quota left', async () => {
    const { c, person, nominate } = await setting({ seats: 1, quota: 5 });
    const a = await person();
    const b = await person();
    await nominate(a.id);
    await nominate(b.id);
    expect([await statusOf(c.id, a.id), await statusOf(c.id, b.id)]).toEqual(['nominiert', 'warteliste']);
  });

  it('creates a new person, invites them and nominates them; bad input keeps what was typed', async () => {
    const { c, agent, token, m } = await setting();
    const bad = await agent
      .post(`/cohorts/${c.id}/nominations/new`)
      .type('form')
      .send({ _csrf: token, firstName: 'Ida', lastName: '', email: 'ida@', sector: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="Ida"');
    expect(bad.text).toContain(text('messages.emailInvalid'));
    const res = await agent.post(`/cohorts/${c.id}/nominations/new`).type('form').send({
      _csrf: token,
      firstName: 'Ida',
      lastName: 'Neumann',
      email: 'ida.neumann@test.example',
      organisation: 'Stadtbibliothek',
      jobTitle: 'Leitung',
      sector: 'bildung',
    });
    expect(res.status).toBe(302);
    const [ida] = await ctx.database.db.select().from(users).where(eq(users.email, 'ida.neumann@test.example'));
    expect(ida).toMatchObject({ role: 'trainee', municipalityId: m.id, sector: 'bildung', passwordHash: null });
    expect(await statusOf(c.id, ida!.id)).toBe('nominiert');
    expect((await ctx.smtp.mailTo('ida.neumann@test.example', 'Ihr Zugang zu KoKoMa Campus')).text).toContain(
      'Guten Tag Ida Neumann',
    );
    expect((await ctx.smtp.mailTo('ida.neumann@test.example', /Nominierung/)).to).toContain('ida.neumann');
  });

  it('never lets a coordinator reach another municipality (404)', async () => {
    const { db, c, agent, token, nominate, person } = await setting();
    const elsewhere = await makeMunicipality(db);
    const foreigner = await makeUser(db, { role: 'trainee', municipalityId: elsewhere.id });
    expect((await nominate(foreigner.id)).status).toBe(404);
    expect(await statusOf(c.id, foreigner.id)).toBeUndefined();
    const foreignCohort = await makeCohort(db, { quotas: [[elsewhere.id, 5]] });
    expect((await agent.get(`/cohorts/${foreignCohort.id}/nominate`)).status).toBe(404);
    const own = await person();
    expect(
      (
        await agent
          .post(`/cohorts/${foreignCohort.id}/nominations`)
          .type('form')
          .send({ _csrf: token, userId: String(own.id) })
      ).status,
    ).toBe(404);
    const e = await enrol(db, foreignCohort.id, foreigner);
    expect((await agent.get(`/enrolments/${e.id}/withdraw`)).status).toBe(404);
    expect(
      (await agent.post(`/enrolments/${e.id}/withdraw`).type('form').send({ _csrf: token, reason: 'x' })).status,
    ).toBe(404);
    expect((await agent.get(`/cohorts/${foreignCohort.id}/participants.csv`)).status).toBe(404);
  });

  it('refuses nominations while registration is not open', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
    const c = await makeCohort(db, { status: 'geplant', quotas: [[m.id, 3]] });
    const agent = await signIn(ctx.app, coordinator.email);
    const res = await agent.get(`/cohorts/${c.id}/nominate`);
    expect(res.status).toBe(409);
    expect(res.text).toContain(text('enrolment.msg.notOpen'));
  });
});

describe('the SPI-Team decides; freed seats move people up', () => {
  it('confirms, rejects with reason, and moves the first waiting person of the same municipality up, telling them and the coordinator', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db);
    const b = await makeMunicipality(db);
    const coordinatorA = await makeUser(db, {
      role: 'coordinator',
      municipalityId: a.id,
      email: 'koord.a@test.example',
    });
    const c = await makeCohort(db, {
      seats: 2,
      quotas: [
        [a.id, 1],
        [b.id, 1],
      ],
    });
    const seatA = await makeUser(db, { role: 'trainee', municipalityId: a.id, email: 'platz.a@test.example' });
    const seatB = await makeUser(db, { role: 'trainee', municipalityId: b.id });
    const waitB = await makeUser(db, { role: 'trainee', municipalityId: b.id, email: 'wartet.b@test.example' });
    const waitA = await makeUser(db, {
      role: 'trainee',
      municipalityId: a.id,
      email: 'wartet.a@test.example',
      firstName: 'Wanda',
      lastName: 'Warteschlange',
    });
    const eA = await enrol(db, c.id, seatA, 'nominiert');
    await enrol(db, c.id, seatB, 'bestaetigt');
    await enrol(db, c.id, waitB, 'warteliste', new Date('2026-01-01T08:00:00Z')); // waits longer, but of the other municipality
    await enrol(db, c.id, waitA, 'warteliste', new Date('2026-01-02T08:00:00Z'));

    const adminUser = await makeUser(db, { role: 'admin' });
    const agent = await signIn(ctx.app, adminUser.email);
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);
    // the cohort is full: a waiting person cannot be confirmed past it
    const [waitAEnrolment] = await db.select().from(enrolments).where(eq(enrolments.userId, waitA.id));
    const full = await agent.post(`/enrolments/${waitAEnrolment!.id}/confirm`).type('form').send({ _csrf: token });
    expect(full.status).toBe(409);
    expect(full.text).toContain(text('enrolment.msg.cohortFull'));

    const missingReason = await agent
      .post(`/enrolments/${eA.id}/withdraw`)
      .type('form')
      .send({ _csrf: token, reason: '' });
    expect(missingReason.status).toBe(422);
    expect(missingReason.text).toContain(text('enrolment.msg.reasonRequired'));
    expect(await statusOf(c.id, seatA.id)).toBe('nominiert');

    const rejected = await agent
      .post(`/enrolments/${eA.id}/reject`)
      .type('form')
      .send({ _csrf: token, reason: 'Stelle wechselt zum 1. März' });
    expect(rejected.status).toBe(302);
    expect(await statusOf(c.id, seatA.id)).toBe('abgelehnt');
    expect((await ctx.smtp.mailTo('platz.a@test.example')).text).toContain('Stelle wechselt zum 1. März');
    expect(await statusOf(c.id, waitA.id)).toBe('nominiert');
    expect(await statusOf(c.id, waitB.id)).toBe('warteliste');
    expect((await ctx.smtp.mailTo('wartet.a@test.example')).subject).toContain('nachgerückt');
    expect((await ctx.smtp.mailTo('koord.a@test.example')).text).toContain('Wanda Warteschlange');
    void coordinatorA;

    // confirmation
    expect(
      (await agent.post(`/enrolments/${waitAEnrolment!.id}/confirm`).type('form').send({ _csrf: token })).status,
    ).toBe(302);
    expect(await statusOf(c.id, waitA.id)).toBe('bestaetigt');
    expect((await ctx.smtp.mailTo('wartet.a@test.example', /bestätigt/)).subject).toContain('bestätigt');
  });

  it('gives a seat nobody of its municipality waits for to the longest waiting person elsewhere', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db);
    const b = await makeMunicipality(db);
    const c = await makeCohort(db, {
      seats: 2,
      quotas: [
        [a.id, 1],
        [b.id, 1],
      ],
    });
    const seatA = await makeUser(db, { role: 'trainee', municipalityId: a.id });
    const waitB = await makeUser(db, { role: 'trainee', municipalityId: b.id });
    await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: b.id }));
    const e = await enrol(db, c.id, seatA);
    await enrol(db, c.id, waitB, 'warteliste');
    const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: a.id });
    const agent = await signIn(ctx.app, coordinator.email);
    const token = csrfFrom((await agent.get(`/enrolments/${e.id}/withdraw`)).text);
    const res = await agent
      .post(`/enrolments/${e.id}/withdraw`)
      .type('form')
      .send({ _csrf: token, reason: 'Elternzeit' });
    expect(res.status).toBe(302);
    expect(await statusOf(c.id, seatA.id)).toBe('abgemeldet');
    expect(await statusOf(c.id, waitB.id)).toBe('nominiert');
  });

  it('a larger quota moves waiting people of that municipality up', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db);
    const c = await makeCohort(db, { seats: 10, quotas: [[a.id, 0]] });
    const waiting = await makeUser(db, { role: 'trainee', municipalityId: a.id });
    await enrol(db, c.id, waiting, 'warteliste');
    const agent = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);
    await agent
      .post(`/cohorts/${c.id}/municipalities`)
      .type('form')
      .send({ _csrf: token, municipalityId: String(a.id), quota: '1' });
    expect(await statusOf(c.id, waiting.id)).toBe('nominiert');
  });
});

describe('the last seat under concurrency', () => {
  it('two coordinators nominating for the last seat at once: one gets it, the other waits', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db);
    const b = await makeMunicipality(db);
    const c = await makeCohort(db, {
      seats: 1,
      quotas: [
        [a.id, 1],
        [b.id, 1],
      ],
    });
    const pa = await makeUser(db, { role: 'trainee', municipalityId: a.id });
    const pb = await makeUser(db, { role: 'trainee', municipalityId: b.id });
    const ca = await signIn(ctx.app, (await makeUser(db, { role: 'coordinator', municipalityId: a.id })).email);
    const cb = await signIn(ctx.app, (await makeUser(db, { role: 'coordinator', municipalityId: b.id })).email);
    const ta = csrfFrom((await ca.get(`/cohorts/${c.id}/nominate`)).text);
    const tb = csrfFrom((await cb.get(`/cohorts/${c.id}/nominate`)).text);
    const results = await Promise.all([
      ca
        .post(`/cohorts/${c.id}/nominations`)
        .type('form')
        .send({ _csrf: ta, userId: String(pa.id) }),
      cb
        .post(`/cohorts/${c.id}/nominations`)
        .type('form')
        .send({ _csrf: tb, userId: String(pb.id) }),
    ]);
    expect(results.map((r) => r.status)).toEqual([302, 302]);
    const statuses = [await statusOf(c.id, pa.id), await statusOf(c.id, pb.id)].sort();
    expect(statuses).toEqual(['nominiert', 'warteliste']);
  });

  it('holds under a burst of 12 nominations for 3 seats directly against the service', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db);
    const c = await makeCohort(db, { seats: 3, quotas: [[a.id, 10]] });
    const actor = { ...(await makeUser(db, { role: 'admin' })), municipalityId: null };
    const people = await Promise.all(
      Array.from({ length: 12 }, () => makeUser(db, { role: 'trainee', municipalityId: a.id })),
    );
    await Promise.all(people.map((p) => ctx.deps.enrolment.nominateExisting(actor, c.id, p.id)));
    const rows = await db.select().from(enrolments).where(eq(enrolments.cohortId, c.id));
    expect(rows.filter((r) => r.status === 'nominiert')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'warteliste')).toHaveLength(9);
  });
});

describe('late enrolment', () => {
  it('marks sessions before someone held a seat as not counting for them', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const c = await makeCohort(db, { quotas: [[m.id, 5]] });
    const { offering } = await makeOffering(db, c.id);
    await makeSession(db, offering.id, { date: '2026-02-10' });
    await makeSession(db, offering.id, { date: '2026-04-10' });
    const late = await makeUser(db, { role: 'trainee', municipalityId: m.id });
    await enrol(db, c.id, late, 'bestaetigt', new Date('2026-03-01T10:00:00Z'));
    const page = await (await signIn(ctx.app, late.email)).get(`/cohorts/${c.id}`);
    expect(page.text.match(/vor Ihrer Anmeldung, zählt für Sie nicht/g)).toHaveLength(1);
    const before = page.text.indexOf('10.02.2026');
    expect(page.text.indexOf('vor Ihrer Anmeldung')).toBeGreaterThan(before);
    expect(page.text.indexOf('vor Ihrer Anmeldung')).toBeLessThan(page.text.indexOf('10.04.2026'));
  });
});

describe('the coordinator overview', () => {
  it('lists their municipality’s people across cohorts with status, nobody else', async () => {
    const { db, m, agent, c } = await setting();
    const p = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Übersichtlich' });
    const idle = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Unangemeldet' });
    const foreign = await makeUser(db, { role: 'trainee', lastName: 'Auswärtig' });
    await enrol(db, c.id, p, 'warteliste');
    void idle;
    void foreign;
    const page = await agent.get('/enrolments');
    expect(page.text).toContain('Übersichtlich');
    expect(page.text).toContain('Unangemeldet');
    expect(page.text).not.toContain('Auswärtig');
    const filtered = await agent.get('/enrolments?status=warteliste');
    expect(filtered.text).toContain('Übersichtlich');
    expect(filtered.text).not.toContain('Unangemeldet');
  });
});
