import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeModule, makeOffering, makeSession } from '../../../test/support/cohorts';
import { cohortMunicipalities, cohorts, offeringTrainers, scheduleSessions } from './table';
import { auditLog } from '../../platform/audit-table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function admin() {
  const a = await makeUser(ctx.database.db, { role: 'admin' });
  return signIn(ctx.app, a.email);
}

describe('SPI-Team sets up a cohort', () => {
  it('creates a cohort from German dates, audited', async () => {
    const agent = await admin();
    const token = csrfFrom((await agent.get('/cohorts/new')).text);
    const res = await agent.post('/cohorts').type('form').send({
      _csrf: token,
      name: 'Durchgang Test Süd',
      startsOn: '15.01.2027',
      endsOn: '2027-11-30',
      status: 'geplant',
      seats: '24',
    });
    expect(res.status).toBe(302);
    const [c] = await ctx.database.db.select().from(cohorts).where(eq(cohorts.name, 'Durchgang Test Süd'));
    expect(c).toMatchObject({ startsOn: '2027-01-15', endsOn: '2027-11-30', status: 'geplant', seats: 24 });
    expect(res.headers.location).toBe(`/cohorts/${c!.id}`);
    expect(
      (await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'cohort.created'))).length,
    ).toBeGreaterThan(0);
    const page = await agent.get(`/cohorts/${c!.id}`);
    expect(page.text).toContain('Fr., 15.01.2027');
    expect(page.text).toContain('Durchgang Test Süd');
  });

  it('re-renders wrong input with German messages and what was typed, and writes nothing', async () => {
    const agent = await admin();
    const token = csrfFrom((await agent.get('/cohorts/new')).text);
    const res = await agent.post('/cohorts').type('form').send({
      _csrf: token,
      name: 'Kaputter Durchgang',
      startsOn: '31.02.2027',
      endsOn: '01.01.2027',
      status: 'geplant',
      seats: 'viele',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(text('cohorts.msg.startsOnInvalid'));
    expect(res.text).toContain(text('cohorts.msg.seatsInvalid'));
    expect(res.text).toContain('value="Kaputter Durchgang"');
    expect(res.text).toContain('value="viele"');
    const backwards = await agent.post('/cohorts').type('form').send({
      _csrf: token,
      name: 'Rückwärts',
      startsOn: '01.06.2027',
      endsOn: '01.01.2027',
      status: 'geplant',
      seats: '10',
    });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain(text('cohorts.msg.endBeforeStart'));
    expect(await ctx.database.db.select().from(cohorts).where(eq(cohorts.name, 'Rückwärts'))).toHaveLength(0);
  });

  it('adds municipalities with quotas, an offering with trainers and sessions', async () => {
    const agent = await admin();
    const m = await makeMunicipality(ctx.database.db, { name: 'Quotenstadt' });
    const trainer = await makeUser(ctx.database.db, { role: 'trainer', firstName: 'Tanja', lastName: 'Trainerin' });
    const module = await makeModule(ctx.database.db, { title: 'Moderation im Rathaus' });
    const c = await makeCohort(ctx.database.db, { startsOn: '2026-09-01', endsOn: '2027-06-30' });
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);

    expect(
      (
        await agent
          .post(`/cohorts/${c.id}/municipalities`)
          .type('form')
          .send({ _csrf: token, municipalityId: String(m.id), quota: '5' })
      ).status,
    ).toBe(302);
    expect(
      await ctx.database.db.select().from(cohortMunicipalities).where(eq(cohortMunicipalities.cohortId, c.id)),
    ).toEqual([{ cohortId: c.id, municipalityId: m.id, quota: 5 }]);
    const badQuota = await agent
      .post(`/cohorts/${c.id}/municipalities`)
      .type('form')
      .send({ _csrf: token, municipalityId: String(m.id), quota: '-1' });
    expect(badQuota.status).toBe(422);
    expect(badQuota.text).toContain(text('cohorts.msg.quotaInvalid'));

    const created = await agent
      .post(`/cohorts/${c.id}/offerings`)
      .type('form')
      .send({ _csrf: token, moduleId: String(module.id), position: '1', trainerIds: String(trainer.id) });
    expect(created.status).toBe(302);
    const offeringId = Number(/angebot-(\d+)/.exec(created.headers.location!)![1]);
    expect(
      await ctx.database.db.select().from(offeringTrainers).where(eq(offeringTrainers.offeringId, offeringId)),
    ).toEqual([{ offeringId, userId: trainer.id }]);
    const twice = await agent
      .post(`/cohorts/${c.id}/offerings`)
      .type('form')
      .send({ _csrf: token, moduleId: String(module.id), position: '2' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain(text('cohorts.msg.moduleTwice'));

    const session = {
      _csrf: token,
      date: '25.10.2026',
      startTime: '9:00',
      endTime: '16:30',
      kind: 'praesenz',
      location: 'Rathaus, Festsaal',
      videoUrl: '',
      ue: '8',
    };
    expect((await agent.post(`/offerings/${offeringId}/sessions`).type('form').send(session)).status).toBe(302);
    const [stored] = await ctx.database.db
      .select()
      .from(scheduleSessions)
      .where(eq(scheduleSessions.offeringId, offeringId));
    expect(stored).toMatchObject({
      date: '2026-10-25',
      startTime: '09:00:00',
      endTime: '16:30:00',
      kind: 'praesenz',
      ue: 8,
    });

    const wrong = await agent
      .post(`/offerings/${offeringId}/sessions`)
      .type('form')
      .send({ ...session, date: '01.08.2026', endTime: '08:00', location: '' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(text('cohorts.msg.endBeforeStartTime'));
    expect(wrong.text).toContain(text('cohorts.msg.locationRequired'));
    const outside = await agent
      .post(`/offerings/${offeringId}/sessions`)
      .type('form')
      .send({ ...session, date: '01.08.2026' });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain(text('cohorts.msg.dateOutsidePeriod'));
    expect(
      await ctx.database.db.select().from(scheduleSessions).where(eq(scheduleSessions.offeringId, offeringId)),
    ).toHaveLength(1);

    const page = await agent.get(`/cohorts/${c.id}`);
    expect(page.text).toContain('Moderation im Rathaus');
    expect(page.text).toContain('Tanja Trainerin');
    expect(page.text).toContain('So., 25.10.2026');
    expect(page.text).toContain('09:00–16:30 Uhr');
  });

  it('editing a session bumps its revision, so subscribed calendars replace the event', async () => {
    const agent = await admin();
    const c = await makeCohort(ctx.database.db);
    const { offering } = await makeOffering(ctx.database.db, c.id);
    const s = await makeSession(ctx.database.db, offering.id);
    const token = csrfFrom((await agent.get(`/sessions/${s.id}/edit`)).text);
    const res = await agent.post(`/sessions/${s.id}`).type('form').send({
      _csrf: token,
      date: '2026-10-26',
      startTime: '10:00',
      endTime: '17:00',
      kind: 'praesenz',
      location: 'Neuer Ort',
      videoUrl: '',
      ue: '8',
    });
    expect(res.status).toBe(302);
    const [after] = await ctx.database.db.select().from(scheduleSessions).where(eq(scheduleSessions.id, s.id));
    expect(after).toMatchObject({ date: '2026-10-26', startTime: '10:00:00', location: 'Neuer Ort', revision: 1 });
  });
});

describe('nothing disappears by accident', () => {
  it('keeps offerings with sessions, municipalities with enrolments, and sessions inside the period', async () => {
    const db = ctx.database.db;
    const agent = await admin();
    const m = await makeMunicipality(db, { name: 'Bleibestadt' });
    const c = await makeCohort(db, { startsOn: '2026-09-01', endsOn: '2027-06-30', quotas: [[m.id, 3]] });
    const { offering } = await makeOffering(db, c.id);
    const s = await makeSession(db, offering.id, { date: '2026-10-25' });
    await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: m.id }));
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}`)).text);

    const offeringGone = await agent.post(`/offerings/${offering.id}/delete`).type('form').send({ _csrf: token });
    expect(offeringGone.status).toBe(409);
    expect(offeringGone.text).toContain(text('cohorts.msg.offeringHasSessions'));
    const municipalityGone = await agent
      .post(`/cohorts/${c.id}/municipalities/${m.id}/remove`)
      .type('form')
      .send({ _csrf: token });
    expect(municipalityGone.status).toBe(409);
    expect(municipalityGone.text).toContain('Bleibestadt hat in diesem Durchgang schon Anmeldungen');
    const shrink = await agent.post(`/cohorts/${c.id}`).type('form').send({
      _csrf: token,
      name: c.name,
      startsOn: '2026-11-01',
      endsOn: '2027-06-30',
      status: 'laufend',
      seats: '20',
    });
    expect(shrink.status).toBe(422);
    expect(shrink.text).toContain(text('cohorts.msg.periodExcludesSessions'));
    expect((await db.select().from(cohorts).where(eq(cohorts.id, c.id)))[0]!.startsOn).toBe('2026-09-01');

    expect((await agent.post(`/sessions/${s.id}/delete`).type('form').send({ _csrf: token })).status).toBe(302);
    expect(await db.select().from(scheduleSessions).where(eq(scheduleSessions.id, s.id))).toHaveLength(0);
    expect((await agent.post(`/offerings/${offering.id}/delete`).type('form').send({ _csrf: token })).status).toBe(302);
  });
});

describe('who sees which cohort', () => {
  it('shows each role only its cohorts; others answer 404', async () => {
    const db = ctx.database.db;
    const mine = await makeMunicipality(db);
    const other = await makeMunicipality(db);
    const trainer = await makeUser(db, { role: 'trainer' });
    const otherTrainer = await makeUser(db, { role: 'trainer' });
    const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: mine.id });
    const trainee = await makeUser(db, { role: 'trainee', municipalityId: mine.id, lastName: 'Sichtbar' });
    const stranger = await makeUser(db, { role: 'trainee', municipalityId: mine.id });
    const c = await makeCohort(db, { quotas: [[mine.id, 5]], name: 'Sichtbarer Durchgang' });
    const hidden = await makeCohort(db, { quotas: [[other.id, 5]], name: 'Fremder Durchgang' });
    await makeOffering(db, c.id, { trainerIds: [trainer.id] });
    await makeOffering(db, hidden.id, { trainerIds: [otherTrainer.id] });
    await enrol(db, c.id, trainee);

    for (const who of [trainer, coordinator, trainee]) {
      const agent = await signIn(ctx.app, who.email);
      expect([who.role, (await agent.get(`/cohorts/${c.id}`)).status]).toEqual([who.role, 200]);
      expect([who.role, (await agent.get(`/cohorts/${hidden.id}`)).status]).toEqual([who.role, 404]);
      const list = await agent.get('/cohorts');
      expect(list.text).toContain('Sichtbarer Durchgang');
      expect(list.text).not.toContain('Fremder Durchgang');
    }
    // the list's counts and the trainee's own status come from correlated subqueries: check them
    await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: mine.id }), 'nominiert');
    await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: mine.id }), 'warteliste');
    const adminList = (await (await admin()).get('/cohorts')).text;
    const listRow = new RegExp(`Sichtbarer Durchgang[\\s\\S]*?</tr>`).exec(adminList)![0];
    expect(listRow).toContain('2 von 20');
    expect(listRow).toMatch(/numeric">1<\/td>/);
    expect((await (await signIn(ctx.app, trainee.email)).get('/cohorts')).text).toContain('Bestätigt');
    const strangerAgent = await signIn(ctx.app, stranger.email);
    expect((await strangerAgent.get(`/cohorts/${c.id}`)).status).toBe(404);

    // trainees see schedule and trainers, never the other participants
    const traineePage = await (await signIn(ctx.app, trainee.email)).get(`/cohorts/${c.id}`);
    expect(traineePage.text).toContain('Ihre Anmeldung');
    expect(traineePage.text).not.toContain(text('cohorts.byMunicipality'));
    const trainerPage = await (await signIn(ctx.app, trainer.email)).get(`/cohorts/${c.id}`);
    expect(trainerPage.text).toContain('Sichtbar');
  });

  it('shows counts by municipality and sector as a chart and as the same numbers in a table', async () => {
    const db = ctx.database.db;
    const a = await makeMunicipality(db, { name: 'Diagrammstadt' });
    const c = await makeCohort(db, { quotas: [[a.id, 4]], seats: 10 });
    await enrol(db, c.id, await makeUser(db, { role: 'trainee', municipalityId: a.id, sector: 'verwaltung' }));
    await enrol(
      db,
      c.id,
      await makeUser(db, { role: 'trainee', municipalityId: a.id, sector: 'bildung' }),
      'nominiert',
    );
    await enrol(
      db,
      c.id,
      await makeUser(db, { role: 'trainee', municipalityId: a.id, sector: 'zivilgesellschaft' }),
      'warteliste',
    );
    const page = await (await admin()).get(`/cohorts/${c.id}`);
    expect(page.text).toContain('<svg class="bar-chart" role="img"');
    expect(page.text).toContain('2 von 4'); // bar label: seats taken of quota
    const row = /<th class="kern-table__cell" scope="row">Diagrammstadt<\/th>([\s\S]*?)<\/tr>/.exec(page.text)![1]!;
    expect([...row.matchAll(/numeric">(\d+)</g)].map((m) => Number(m[1]))).toEqual([2, 4, 1, 1]); // held, quota, confirmed, waiting
  });
});

describe('time zone', () => {
  it('keeps wall-clock times across the change to winter time, in the page and in the .ics', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id });
    const c = await makeCohort(db, { quotas: [[m.id, 3]] });
    const { offering } = await makeOffering(db, c.id);
    const saturday = await makeSession(db, offering.id, { date: '2026-10-24', startTime: '09:00', endTime: '17:00' });
    const sunday = await makeSession(db, offering.id, { date: '2026-10-25', startTime: '09:00', endTime: '17:00' });
    await enrol(db, c.id, trainee);
    const agent = await signIn(ctx.app, trainee.email);

    const utc = async (id: number) => {
      const res = await agent.get(`/sessions/${id}.ics`);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      expect(res.text).toContain('BEGIN:VTIMEZONE');
      expect(res.text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
      const vevent = new ICAL.Component(ICAL.parse(res.text)).getFirstSubcomponent('vevent')!;
      const tz = new ICAL.Component(ICAL.parse(res.text)).getFirstSubcomponent('vtimezone')!;
      ICAL.TimezoneService.register(tz);
      const event = new ICAL.Event(vevent);
      expect(event.startDate.toString()).toMatch(/T09:00:00$/);
      return [event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString()];
    };
    expect(await utc(saturday.id)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-24T15:00:00.000Z']); // CEST, UTC+2
    expect(await utc(sunday.id)).toEqual(['2026-10-25T08:00:00.000Z', '2026-10-25T16:00:00.000Z']); // CET, UTC+1
    const page = await agent.get(`/cohorts/${c.id}`);
    expect(page.text.match(/09:00–17:00 Uhr/g)).toHaveLength(2);
  });
});
