import { and, eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { cohortMunicipalities, cohorts, scheduleSessions } from './table';
import { enrolments } from '../enrolment/table';
import { text } from '../../../test/support/texts';

/** Input that cannot be right is refused with a German message, keeping what was typed; nothing is half-written. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function admin() {
  return signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
}

describe('sessions', () => {
  const form = (over: Record<string, string> = {}) => ({
    date: '2026-11-10',
    startTime: '09:00',
    endTime: '12:00',
    kind: 'online',
    location: '',
    videoUrl: 'https://konferenz.example/raum',
    ue: '4',
    ...over,
  });

  it.each([
    [{ ue: '5' }, 'ue', 'In 3 Stunden passen höchstens 4 UE zu je 45 Minuten.'],
    [{ startTime: '09:00', endTime: '09:50', ue: '3' }, 'ue', 'In 50 Minuten passen höchstens 2 UE'],
    [{ videoUrl: 'http://konferenz.example/raum' }, 'videoUrl', 'mit https:// beginnt'],
  ])('refuses %j', async (over, _field, message) => {
    const db = ctx.database.db;
    const c = await makeCohort(db);
    const { offering } = await makeOffering(db, c.id);
    const agent = await admin();
    const token = csrfFrom((await agent.get(`/offerings/${offering.id}/sessions/new`)).text);
    const res = await agent
      .post(`/offerings/${offering.id}/sessions`)
      .type('form')
      .send({ _csrf: token, ...form(over) });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    const typed = (over as Record<string, string>).ue;
    if (typed) expect(res.text).toContain(`value="${typed}"`);
    expect(await db.select().from(scheduleSessions).where(eq(scheduleSessions.offeringId, offering.id))).toEqual([]);
  });

  it('accepts 2 UE in 50 minutes (50 / 45, rounded up) and refuses the exact same session twice', async () => {
    const db = ctx.database.db;
    const c = await makeCohort(db);
    const { offering } = await makeOffering(db, c.id);
    const agent = await admin();
    const token = csrfFrom((await agent.get(`/offerings/${offering.id}/sessions/new`)).text);
    const ok = await agent
      .post(`/offerings/${offering.id}/sessions`)
      .type('form')
      .send({ _csrf: token, ...form({ startTime: '09:00', endTime: '09:50', ue: '2' }) });
    expect(ok.status).toBe(302);
    const again = await agent
      .post(`/offerings/${offering.id}/sessions`)
      .type('form')
      .send({ _csrf: token, ...form({ startTime: '09:00', endTime: '09:50', ue: '2' }) });
    expect(again.status).toBe(422);
    expect(again.text).toContain(text('cohorts.msg.sessionDuplicate'));
    expect(await db.select().from(scheduleSessions).where(eq(scheduleSessions.offeringId, offering.id))).toHaveLength(
      1,
    );
  });
});

describe('quotas', () => {
  it('refuses a quota above the seats, and a sum above the seats unless the SPI-Team confirms it knowingly', async () => {
    const db = ctx.database.db;
    const [a, b] = [await makeMunicipality(db), await makeMunicipality(db)];
    const c = await makeCohort(db, { seats: 10, quotas: [[a.id, 6]] });
    const agent = await admin();
    let token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);
    const tooBig = await agent
      .post(`/cohorts/${c.id}/municipalities`)
      .type('form')
      .send({ _csrf: token, municipalityId: String(b.id), quota: '11' });
    expect(tooBig.status).toBe(422);
    expect(tooBig.text).toContain('Das Kontingent ist größer als der ganze Durchgang (10 Plätze).');
    const over = await agent
      .post(`/cohorts/${c.id}/municipalities`)
      .type('form')
      .send({ _csrf: token, municipalityId: String(b.id), quota: '5' });
    expect(over.status).toBe(422);
    expect(over.text).toContain('Mit diesem Kontingent verteilen Sie 11 Plätze, der Durchgang hat aber nur 10.');
    expect(over.text).toContain('name="overbook"');
    expect(
      await db
        .select()
        .from(cohortMunicipalities)
        .where(and(eq(cohortMunicipalities.cohortId, c.id), eq(cohortMunicipalities.municipalityId, b.id))),
    ).toEqual([]);
    token = csrfFrom(over.text);
    const knowingly = await agent
      .post(`/cohorts/${c.id}/municipalities`)
      .type('form')
      .send({ _csrf: token, municipalityId: String(b.id), quota: '5', overbook: 'ja' });
    expect(knowingly.status).toBe(302);
    const page = await agent.get(`/cohorts/${c.id}`);
    // the sum row: 11 handed out, of 10 seats
    expect(page.text).toMatch(/>11<br><span class="kern-body kern-body--small text-warning">verteilt, von 10 Plätzen/);
  });

  it('refuses fewer seats than a municipality’s quota', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db, { name: `Großstadt ${Date.now()}` });
    const c = await makeCohort(db, { seats: 10, quotas: [[a.id, 8]] });
    const agent = await admin();
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}/edit`)).text);
    const res = await agent
      .post(`/cohorts/${c.id}`)
      .type('form')
      .send({ _csrf: token, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, status: c.status, seats: '6' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`Die Kommune ${a.name} hat ein Kontingent von 8 Plätzen`);
    expect((await db.select().from(cohorts).where(eq(cohorts.id, c.id)))[0]!.seats).toBe(10);
  });

  it('confirms a waiting person beyond their municipality’s quota only after a warning and an explicit yes', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db);
    const c = await makeCohort(db, { seats: 10, quotas: [[a.id, 1]] });
    const holder = await makeUser(db, { role: 'trainee', municipalityId: a.id });
    const waiting = await makeUser(db, {
      role: 'trainee',
      municipalityId: a.id,
      firstName: 'Wanda',
      lastName: 'Warte',
    });
    await enrol(db, c.id, holder, 'bestaetigt');
    const e = await enrol(db, c.id, waiting, 'warteliste');
    const agent = await admin();
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);
    const warned = await agent.post(`/enrolments/${e.id}/confirm`).type('form').send({ _csrf: token });
    expect(warned.status).toBe(409);
    expect(warned.text).toContain('Das Kontingent dieser Kommune ist ausgeschöpft (1 von 1 Plätzen).');
    expect((await db.select().from(enrolments).where(eq(enrolments.id, e.id)))[0]!.status).toBe('warteliste');
    const yes = await agent
      .post(`/enrolments/${e.id}/confirm`)
      .type('form')
      .send({ _csrf: csrfFrom(warned.text), beyondQuota: 'ja' });
    expect(yes.status).toBe(302);
    expect((await db.select().from(enrolments).where(eq(enrolments.id, e.id)))[0]!.status).toBe('bestaetigt');
  });
});

it('refuses partial minutes beyond the session on the sheet', async () => {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { quotas: [[m.id, 5]] });
  const { offering } = await makeOffering(db, c.id);
  const session = await makeSession(db, offering.id, {
    date: '2026-01-20',
    startTime: '09:00',
    endTime: '12:00',
    ue: 4,
  });
  const p = await makeUser(db, { role: 'trainee', municipalityId: m.id });
  await enrol(db, c.id, p);
  const agent = await admin();
  const sheet = await agent.get(`/sessions/${session.id}/attendance`);
  const loaded = new RegExp(`name="o_${p.id}" value="([^"]+)"`).exec(sheet.text)![1]!;
  const res = await agent
    .post(`/sessions/${session.id}/attendance`)
    .type('form')
    .send({ _csrf: csrfFrom(sheet.text), [`o_${p.id}`]: loaded, [`s_${p.id}`]: 'teilweise', [`m_${p.id}`]: '181' });
  expect(res.status).toBe(422);
  expect(res.text).toContain('180');
});
