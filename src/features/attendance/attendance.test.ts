import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { sheetForm } from '../../../test/support/attendance';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { enrolments } from '../enrolment/table';
import { attendance, attendanceChanges } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A past session (09:00–12:00, 3 hours) with a trainer and three enrolled people. */
async function setting(opts: { date?: string } = {}) {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const trainer = await makeUser(db, { role: 'trainer' });
  const c = await makeCohort(db, { quotas: [[m.id, 10]] });
  const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
  const session = await makeSession(db, offering.id, {
    date: opts.date ?? '2026-10-20',
    startTime: '09:00',
    endTime: '12:00',
    ue: 4,
  });
  const people = [];
  for (const name of ['Albers', 'Brandt', 'Celik']) {
    const p = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: name });
    await enrol(db, c.id, p);
    people.push(p);
  }
  const agent = await signIn(ctx.app, trainer.email);
  return { db, m, c, offering, session, people, trainer, agent };
}

const marks = async (sessionId: number) =>
  Object.fromEntries(
    (await ctx.database.db.select().from(attendance).where(eq(attendance.sessionId, sessionId))).map((a) => [
      a.userId,
      [a.status, a.minutes, a.note],
    ]),
  );

/** The sheet's current form fields, as a browser would submit them, with overrides per person. */

describe('the attendance sheet', () => {
  it('marks everyone present in one click, then the exceptions; every change is audited', async () => {
    const { db, session, people, agent } = await setting();
    const [a, b, c] = people;
    const page = await agent.get(`/sessions/${session.id}/attendance`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('3 Personen sind noch nicht erfasst.');
    await agent
      .post(`/sessions/${session.id}/attendance/all-present`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(await marks(session.id)).toEqual({
      [a!.id]: ['anwesend', null, ''],
      [b!.id]: ['anwesend', null, ''],
      [c!.id]: ['anwesend', null, ''],
    });

    const form = await sheetForm(agent, session.id, {
      [`s_${b!.id}`]: 'teilweise',
      [`m_${b!.id}`]: '90',
      [`s_${c!.id}`]: 'entschuldigt',
      [`n_${c!.id}`]: 'Krankmeldung liegt vor',
    });
    const saved = await agent.post(`/sessions/${session.id}/attendance`).type('form').send(form);
    expect(saved.status).toBe(302);
    expect((await agent.get(saved.headers.location!)).text).toContain('Gespeichert: 2 Änderungen.');
    expect(await marks(session.id)).toEqual({
      [a!.id]: ['anwesend', null, ''],
      [b!.id]: ['teilweise', 90, ''],
      [c!.id]: ['entschuldigt', null, 'Krankmeldung liegt vor'],
    });
    const changes = await db
      .select()
      .from(attendanceChanges)
      .where(and(eq(attendanceChanges.sessionId, session.id), eq(attendanceChanges.userId, b!.id)));
    expect(changes.map((x) => [x.fromStatus, x.toStatus, x.toMinutes])).toEqual([
      [null, 'anwesend', null],
      ['anwesend', 'teilweise', 90],
    ]);

    const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const history = await admin.get(`/sessions/${session.id}/attendance/history`);
    expect(history.text).toContain('anwesend → teilweise anwesend (90 min)');
    expect(history.text).toContain('Krankmeldung liegt vor');
    expect((await agent.get(`/sessions/${session.id}/attendance/history`)).status).toBe(403);
  });

  it('re-renders wrong input with the row’s message and what was chosen, writing nothing', async () => {
    const { session, people, agent } = await setting();
    const b = people[1]!;
    const form = await sheetForm(agent, session.id, {
      [`s_${b.id}`]: 'teilweise',
      [`m_${b.id}`]: '500',
      [`n_${people[0]!.id}`]: 'wird nicht gespeichert',
      [`s_${people[0]!.id}`]: 'unentschuldigt',
    });
    const res = await agent.post(`/sessions/${session.id}/attendance`).type('form').send(form);
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      `Bitte geben Sie für Test ${b.lastName} die anwesenden Minuten als ganze Zahl von 1 bis 180 an.`,
    );
    expect(res.text).toContain('value="500"');
    expect(res.text).toContain('value="wird nicht gespeichert"');
    expect(await marks(session.id)).toEqual({});
  });

  it('keeps both trainers’ changes to different people; the same person edited twice is a conflict, not a lost update', async () => {
    const { db, session, people, trainer, offering } = await setting();
    const [a, b, c] = people;
    const coTrainer = await makeUser(db, { role: 'trainer' });
    await db
      .insert((await import('../cohorts/table')).offeringTrainers)
      .values({ offeringId: offering.id, userId: coTrainer.id });
    const one = await signIn(ctx.app, trainer.email);
    const two = await signIn(ctx.app, coTrainer.email);
    const formOne = await sheetForm(one, session.id, { [`s_${a!.id}`]: 'anwesend', [`s_${c!.id}`]: 'anwesend' });
    const formTwo = await sheetForm(two, session.id, {
      [`s_${b!.id}`]: 'unentschuldigt',
      [`s_${c!.id}`]: 'entschuldigt',
    });
    await one.post(`/sessions/${session.id}/attendance`).type('form').send(formOne);
    const second = await two.post(`/sessions/${session.id}/attendance`).type('form').send(formTwo);
    const flash = (await two.get(second.headers.location!)).text;
    expect(flash).toContain(
      `Nicht gespeichert, weil inzwischen jemand anderes die Angaben geändert hat: Test ${c!.lastName}`,
    );
    expect(await marks(session.id)).toEqual({
      [a!.id]: ['anwesend', null, ''],
      [b!.id]: ['unentschuldigt', null, ''],
      [c!.id]: ['anwesend', null, ''],
    });
  });

  it('counts a session only for people who held a seat when it began; a later withdrawal keeps them on it', async () => {
    const { db, c, session, agent, m } = await setting();
    const late = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Spätanmeldung' });
    await enrol(db, c.id, late, 'bestaetigt', new Date('2026-10-20T10:00:00Z'));
    const left = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Späterabgemeldet' });
    const e = await enrol(db, c.id, left, 'bestaetigt');
    await db
      .update(enrolments)
      .set({ status: 'abgemeldet', decidedAt: new Date('2026-11-01T10:00:00Z') })
      .where(eq(enrolments.id, e.id));
    const earlyLeft = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Frühabgemeldet' });
    const e2 = await enrol(db, c.id, earlyLeft, 'bestaetigt');
    await db
      .update(enrolments)
      .set({ status: 'abgemeldet', decidedAt: new Date('2026-10-01T10:00:00Z') })
      .where(eq(enrolments.id, e2.id));
    const page = (await agent.get(`/sessions/${session.id}/attendance`)).text;
    expect(page).not.toContain('Spätanmeldung');
    expect(page).toContain('Späterabgemeldet');
    expect(page).not.toContain('Frühabgemeldet');
  });

  it('refuses sessions that have not begun, other trainers’ sessions (404) and other roles (403)', async () => {
    const { db, session, agent, offering, m, people } = await setting();
    const future = await makeSession(db, offering.id, { date: '2099-01-05' });
    const futurePage = await agent.get(`/sessions/${future.id}/attendance`);
    expect(futurePage.text).toContain(text('attendance.msg.notStarted'));
    const token = csrfFrom((await agent.get(`/sessions/${session.id}/attendance`)).text);
    expect(
      (await agent.post(`/sessions/${future.id}/attendance/all-present`).type('form').send({ _csrf: token })).status,
    ).toBe(409);

    const stranger = await signIn(ctx.app, (await makeUser(db, { role: 'trainer' })).email);
    expect((await stranger.get(`/sessions/${session.id}/attendance`)).status).toBe(404);
    const strangerToken = csrfFrom((await stranger.get('/profile')).text);
    expect(
      (
        await stranger
          .post(`/sessions/${session.id}/attendance/all-present`)
          .type('form')
          .send({ _csrf: strangerToken })
      ).status,
    ).toBe(404);
    for (const who of [await makeUser(db, { role: 'coordinator', municipalityId: m.id }), people[0]!]) {
      const other = await signIn(ctx.app, who.email);
      expect((await other.get(`/sessions/${session.id}/attendance`)).status).toBe(403);
    }
    expect((await request(ctx.app).get(`/sessions/${session.id}/attendance`)).status).toBe(302);
    expect(await marks(session.id)).toEqual({});
  });

  it('refuses a person who is not on the sheet, and keeps sessions with attendance from being deleted', async () => {
    const { db, session, agent, people } = await setting();
    const outsider = await makeUser(db, { role: 'trainee' });
    const form = await sheetForm(agent, session.id, { [`o_${outsider.id}`]: '0|||', [`s_${outsider.id}`]: 'anwesend' });
    expect((await agent.post(`/sessions/${session.id}/attendance`).type('form').send(form)).status).toBe(404);
    expect(await marks(session.id)).toEqual({});

    await agent
      .post(`/sessions/${session.id}/attendance`)
      .type('form')
      .send(await sheetForm(agent, session.id, { [`s_${people[0]!.id}`]: 'anwesend' }));
    const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
    const token = csrfFrom((await admin.get(`/sessions/${session.id}/edit`)).text);
    const res = await admin.post(`/sessions/${session.id}/delete`).type('form').send({ _csrf: token });
    expect(res.status).toBe(409);
    expect(res.text).toContain(text('cohorts.msg.sessionHasAttendance'));
  });

  it('shows trainers which past sessions still lack attendance', async () => {
    const { c, session, agent } = await setting();
    const page = (await agent.get(`/cohorts/${c.id}`)).text;
    expect(page).toContain(`/sessions/${session.id}/attendance`);
    expect(page).toContain('Anwesenheit fehlt (3)');
    const start = (await agent.get('/')).text;
    expect(start).toContain(`/sessions/${session.id}/attendance`);
    expect(start).toContain('3 Personen sind noch nicht erfasst.');
    const token = csrfFrom((await agent.get(`/sessions/${session.id}/attendance`)).text);
    await agent.post(`/sessions/${session.id}/attendance/all-present`).type('form').send({ _csrf: token });
    expect((await agent.get(`/cohorts/${c.id}`)).text).not.toContain('Anwesenheit fehlt');
    expect((await agent.get('/')).text).not.toContain(`/sessions/${session.id}/attendance`);
  });
});

describe('the ledger pages', () => {
  it('shows the cohort matrix with totals, the trainee their own ledger, the coordinator only their people', async () => {
    const { db, c, session, people, agent, offering } = await setting();
    const [a, b, x] = people;
    const token = csrfFrom((await agent.get(`/sessions/${session.id}/attendance`)).text);
    await agent
      .post(`/sessions/${session.id}/attendance`)
      .type('form')
      .send(
        await sheetForm(agent, session.id, {
          [`s_${a!.id}`]: 'anwesend',
          [`s_${b!.id}`]: 'teilweise',
          [`m_${b!.id}`]: '90',
          [`s_${x!.id}`]: 'unentschuldigt',
        }),
      );
    void token;
    await makeSession(db, offering.id, { date: '2099-02-01', startTime: '09:00', endTime: '12:00', ue: 4 });

    const matrix = (await agent.get(`/cohorts/${c.id}/attendance`)).text;
    expect(matrix).toContain('<svg class="bar-chart"');
    expect(matrix).toContain('2 von 3'); // present incl. partial, of those it counts for
    const row = (name: string) => new RegExp(`${name}, Test[\\s\\S]*?</tr>`).exec(matrix)![0];
    expect(row('Albers')).toContain('4 / 4');
    expect(row('Albers')).toContain('100 %');
    expect(row('Brandt')).toContain('2 / 4'); // 90 of 180 minutes of 4 UE
    expect(row('Brandt')).toContain('50 %');
    expect(row('Celik')).toContain('0 / 4');

    const mine = (await (await signIn(ctx.app, b!.email)).get('/attendance')).text;
    expect(mine).toContain(
      'Besuchte Unterrichtseinheiten: 2 von 4 bisher erfassten UE (50 %); geplant sind für Sie insgesamt 8 UE.',
    );
    expect(mine).toContain('teilweise anwesend (90 min)');
    expect(mine).toContain('Noch offen: 4 Präsenzmodule, 1 Online-Vertiefung, 4,4 UE Anwesenheit');
    expect(matrix).toContain('0 von 3 Personen erfüllen alle Bedingungen.');
    expect(mine).not.toContain('Albers');

    const elsewhere = await makeMunicipality(db);
    const foreigner = await makeUser(db, { role: 'trainee', municipalityId: elsewhere.id, lastName: 'Fremdkommune' });
    await db
      .insert((await import('../cohorts/table')).cohortMunicipalities)
      .values({ cohortId: c.id, municipalityId: elsewhere.id, quota: 2 });
    await enrol(db, c.id, foreigner);
    const coordinator = await signIn(
      ctx.app,
      (await makeUser(db, { role: 'coordinator', municipalityId: elsewhere.id })).email,
    );
    // a coordinator cannot widen their view with the filter
    const theirs = (
      await coordinator.get(
        `/cohorts/${c.id}/attendance?municipality=${
          (
            await db
              .select()
              .from((await import('../accounts/table')).users)
              .where(eq((await import('../accounts/table')).users.id, a!.id))
          )[0]!.municipalityId
        }`,
      )
    ).text;
    expect(theirs).toContain('Fremdkommune');
    expect(theirs).not.toContain('Albers');
    // the trainer can narrow theirs
    const narrowed = (await agent.get(`/cohorts/${c.id}/attendance?municipality=${elsewhere.id}`)).text;
    expect(narrowed).toContain('Fremdkommune');
    expect(narrowed).not.toContain('Albers');
  });
});

describe('order of names', () => {
  it('lists people in German alphabetical order, not byte order', async () => {
    const { db, c, session, agent, m } = await setting();
    for (const lastName of ['Zander', 'Ørsted', 'Olsen', 'Şahin', 'Sander'])
      await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName }));
    const page = (await agent.get(`/sessions/${session.id}/attendance`)).text;
    const order = [...page.matchAll(/scope="row">([^,<]+),/g)].map((x) => x[1]);
    expect(order).toEqual(['Albers', 'Brandt', 'Celik', 'Olsen', 'Ørsted', 'Şahin', 'Sander', 'Zander']);
  });
});
