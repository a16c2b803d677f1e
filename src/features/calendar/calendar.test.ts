import ICAL from 'ical.js';
import request from 'supertest';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const feedPath = (html: string) => /https?:\/\/[^/]+(\/calendar\/[\w-]+\.ics)/.exec(html)?.[1];

describe('private calendar feed', () => {
  it('is shown once, subscribes to the person’s sessions as valid iCal, and a reset makes the old URL useless', async () => {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id });
    const c = await makeCohort(db, { quotas: [[m.id, 3]] });
    const { offering, module } = await makeOffering(db, c.id);
    await makeSession(db, offering.id, { date: '2026-03-28', startTime: '09:00', endTime: '16:30' });
    await makeSession(db, offering.id, {
      date: '2026-03-29',
      startTime: '09:00',
      endTime: '16:30',
      kind: 'online',
      videoUrl: 'https://konferenz.example/raum',
      location: '',
    });
    const other = await makeCohort(db);
    const { offering: foreign } = await makeOffering(db, other.id);
    await makeSession(db, foreign.id, { date: '2026-05-05' });
    await enrol(db, c.id, trainee);

    const agent = await signIn(ctx.app, trainee.email);
    const page = await agent.get('/schedule');
    expect(page.text).toContain(text('schedule.calendarNone'));
    const created = await agent
      .post('/schedule/feed')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(created.status).toBe(302);
    const shown = await agent.get('/schedule');
    const path = feedPath(shown.text)!;
    expect(path).toBeDefined();
    expect(shown.text).toContain('webcal://');
    expect(feedPath((await agent.get('/schedule')).text)).toBeUndefined(); // only once

    const feed = await request(ctx.app).get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(feed.text));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    ICAL.TimezoneService.register(cal.getFirstSubcomponent('vtimezone')!);
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.summary)).toEqual([`${module.title} (Präsenz)`, `${module.title} (Online)`]);
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-03-28T08:00:00.000Z'); // CET
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2026-03-29T07:00:00.000Z'); // CEST, the day clocks go forward
    expect(events[1]!.location).toBe('https://konferenz.example/raum');
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);

    const token = csrfFrom((await agent.get('/schedule')).text);
    await agent.post('/schedule/feed').type('form').send({ _csrf: token });
    const newPath = feedPath((await agent.get('/schedule')).text)!;
    expect(newPath).not.toBe(path);
    expect((await request(ctx.app).get(path)).status).toBe(404);
    expect((await request(ctx.app).get(newPath)).status).toBe(200);

    await agent.post('/schedule/feed/delete').type('form').send({ _csrf: token });
    expect((await request(ctx.app).get(newPath)).status).toBe(404);
  });

  it('answers unknown or malformed tokens with 404', async () => {
    expect((await request(ctx.app).get('/calendar/gibt-es-nicht-aber-lang-genug-123.ics')).status).toBe(404);
    expect((await request(ctx.app).get('/calendar/x.ics')).status).toBe(404);
  });

  it('gives trainers the sessions they teach', async () => {
    const db = ctx.database.db;
    const trainer = await makeUser(db, { role: 'trainer' });
    const c = await makeCohort(db);
    const { offering, module } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
    await makeSession(db, offering.id, { date: '2026-06-01' });
    await makeSession(db, offering.id, { date: '2099-06-01', startTime: '10:00', endTime: '12:00' });
    const agent = await signIn(ctx.app, trainer.email);
    const page = await agent.get('/schedule');
    expect(page.text).toContain(module.title);
    expect(page.text).toContain('Mo., 01.06.2026');
    // the start page lists the cohort and the next session only
    const start = await agent.get('/');
    expect(start.text).toContain(c.name);
    expect(start.text).toContain('Mo., 01.06.2099, 10:00–12:00 Uhr');
    expect(start.text).not.toContain('01.06.2026');
  });
});
