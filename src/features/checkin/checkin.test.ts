import { and, eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { attendance } from '../attendance/table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Moves the test clock to an instant. */
const setNow = (iso: string) => ctx.clock.advance(new Date(iso).getTime() - ctx.clock.now().getTime());

async function setting() {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const trainer = await makeUser(db, { role: 'trainer' });
  const c = await makeCohort(db, { quotas: [[m.id, 10]] });
  const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
  // 20.10.2026, 09:30–12:00 Berlin (CEST) = 07:30–10:00 UTC
  const session = await makeSession(db, offering.id, {
    date: '2026-10-20',
    startTime: '09:30',
    endTime: '12:00',
    ue: 3,
  });
  const trainees = [];
  for (let i = 0; i < 3; i++) {
    const p = await makeUser(db, { role: 'trainee', municipalityId: m.id });
    await enrol(db, c.id, p);
    trainees.push(p);
  }
  return { db, m, c, session, trainer, trainees };
}

async function openWindow(trainerEmail: string, sessionId: number, minutes = '10') {
  const agent = await signIn(ctx.app, trainerEmail);
  const page = await agent.get(`/sessions/${sessionId}/checkin`);
  const res = await agent
    .post(`/sessions/${sessionId}/checkin`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), minutes });
  return { agent, res };
}

async function codeOn(agent: Awaited<ReturnType<typeof signIn>>, sessionId: number) {
  const page = (await agent.get(`/sessions/${sessionId}/checkin`)).text;
  expect(page).toContain('<svg');
  const m = /class="checkin-code"[^>]*>(\d{3}) (\d{3})</.exec(page)!;
  return m[1]! + m[2]!;
}

async function checkIn(email: string, code: string) {
  const agent = await signIn(ctx.app, email);
  const form = await agent.get(`/checkin?code=${code}`);
  expect(form.text).toContain(`value="${code}"`); // the QR link fills the code in; checking in is still a POST
  const res = await agent
    .post('/checkin')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), code });
  return { res, page: res.status === 302 ? (await agent.get(res.headers.location!)).text : res.text };
}

const markOf = async (sessionId: number, userId: number) =>
  (
    await ctx.database.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, userId)))
  )[0];

describe('self check-in', () => {
  it('marks the person present with the code on the projector, once; the code rotates and the previous one still counts', async () => {
    const { session, trainer, trainees } = await setting();
    setNow('2026-10-20T07:40:00Z');
    const bad = await openWindow(trainer.email, session.id, '45');
    expect(bad.res.status).toBe(422);
    expect(bad.res.text).toContain(text('checkin.msg.minutesInvalid'));
    const { agent } = await openWindow(trainer.email, session.id, '10');
    const code = await codeOn(agent, session.id);

    const first = await checkIn(trainees[0]!.email, code);
    expect(first.page).toContain('als anwesend eingetragen');
    expect(await markOf(session.id, trainees[0]!.id)).toMatchObject({
      status: 'anwesend',
      source: 'checkin',
      recordedById: trainees[0]!.id,
    });
    expect((await checkIn(trainees[0]!.email, code)).page).toContain('bereits erfasst');

    ctx.clock.advance(30_000); // the code changed; the one just before is still accepted
    const next = await codeOn(agent, session.id);
    expect(next).not.toBe(code);
    expect((await checkIn(trainees[1]!.email, code)).page).toContain('als anwesend eingetragen');

    ctx.clock.advance(60_000); // a photo sent home a minute ago is useless
    const late = await checkIn(trainees[2]!.email, code);
    expect(late.res.status).toBe(422);
    expect(late.page).toContain(text('checkin.msg.wrongCode'));
    expect(await markOf(session.id, trainees[2]!.id)).toBeUndefined();
  });

  it('refuses after the window closed, for people not enrolled, and never overrides what the trainer recorded', async () => {
    const { db, session, trainer, trainees, c } = await setting();
    setNow('2026-10-20T07:35:00Z');
    const { agent } = await openWindow(trainer.email, session.id, '5');
    const code = await codeOn(agent, session.id);

    const outsider = await makeUser(db, { role: 'trainee' });
    const notEnrolled = await checkIn(outsider.email, code);
    expect(notEnrolled.res.status).toBe(422);
    expect(notEnrolled.page).toContain(text('checkin.msg.noWindow'));
    expect(await markOf(session.id, outsider.id)).toBeUndefined();

    // enrolled only after the session began: it does not count for them
    const late = await makeUser(db, { role: 'trainee', municipalityId: trainees[0]!.municipalityId });
    await enrol(db, c.id, late, 'bestaetigt', new Date('2026-10-20T07:50:00Z'));
    expect((await checkIn(late.email, code)).res.status).toBe(422);

    // the trainer marked someone excused: a check-in does not change it
    const sheet = await agent.get(`/sessions/${session.id}/attendance`);
    const loaded = new RegExp(`name="o_${trainees[1]!.id}" value="([^"]*)"`).exec(sheet.text)![1]!;
    await agent
      .post(`/sessions/${session.id}/attendance`)
      .type('form')
      .send({
        _csrf: csrfFrom(sheet.text),
        [`o_${trainees[1]!.id}`]: loaded,
        [`s_${trainees[1]!.id}`]: 'entschuldigt',
        [`m_${trainees[1]!.id}`]: '',
        [`n_${trainees[1]!.id}`]: '',
      });
    expect((await checkIn(trainees[1]!.email, code)).page).toContain('bereits erfasst');
    expect((await markOf(session.id, trainees[1]!.id))!.status).toBe('entschuldigt');

    ctx.clock.advance(6 * 60_000); // the window has closed
    const closed = await checkIn(trainees[0]!.email, code);
    expect(closed.res.status).toBe(422);
    expect(closed.page).toContain(text('checkin.msg.noWindow'));
  });

  it('opens only around the session, for its own trainers', async () => {
    const { db, session, trainer } = await setting();
    setNow('2026-10-20T05:00:00Z'); // 07:00 Berlin, more than 15 minutes early
    const early = await openWindow(trainer.email, session.id);
    expect(early.res.status).toBe(409);
    expect(early.res.text).toContain('nur während des Termins');
    setNow('2026-10-20T07:40:00Z');
    const other = await signIn(ctx.app, (await makeUser(db, { role: 'trainer' })).email);
    expect((await other.get(`/sessions/${session.id}/checkin`)).status).toBe(404);
  });

  it('pauses a person after ten wrong codes', async () => {
    const { session, trainer, trainees } = await setting();
    setNow('2026-10-20T07:45:00Z');
    const { agent } = await openWindow(trainer.email, session.id);
    const code = await codeOn(agent, session.id);
    const wrong = code === '000000' ? '111111' : '000000';
    const person = await signIn(ctx.app, trainees[0]!.email);
    const token = csrfFrom((await person.get('/checkin')).text);
    for (let i = 0; i < 10; i++)
      expect((await person.post('/checkin').type('form').send({ _csrf: token, code: wrong })).status).toBe(422);
    const blocked = await person.post('/checkin').type('form').send({ _csrf: token, code });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain(text('checkin.msg.tooMany'));
    expect(await markOf(session.id, trainees[0]!.id)).toBeUndefined();
  });
});

describe('checking in from a phone', () => {
  it('someone who scans the QR code while signed out signs in and is checked in, within the window', async () => {
    const { session, trainer, trainees } = await setting();
    setNow('2026-10-20T07:40:00Z');
    await openWindow(trainer.email, session.id, '20');
    const trainerUser = {
      id: trainer.id,
      email: trainer.email,
      firstName: trainer.firstName,
      lastName: trainer.lastName,
      role: 'trainer' as const,
      municipalityId: null,
    };
    const { url } = (await ctx.deps.checkin.display(trainerUser, session.id)) as { url: string };
    const path = url.replace('http://campus.test', '');
    expect(path).toMatch(/^\/checkin\?t=\d+\.\d{10}\.[\w-]{32}$/);
    // signed out: the login remembers where the person wanted to go
    const { agentFor } = await import('../../../test/support/app');
    const phone = agentFor(ctx.app);
    const first = await phone.get(path);
    expect(first.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    // two minutes later (the 30-second code has long changed), signed in
    ctx.clock.advance(2 * 60_000);
    const login = await phone.get(first.headers.location!);
    const signedIn = await phone
      .post('/login')
      .type('form')
      .send({
        email: trainees[0]!.email,
        password: 'Konflikte-gemeinsam-loesen-2027',
        next: path,
        _csrf: csrfFrom(login.text),
      });
    expect(signedIn.headers.location).toBe(path);
    const confirm = await phone.get(path);
    expect(confirm.text).toContain(text('checkin.submitLink'));
    const done = await phone
      .post('/checkin')
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text), t: path.split('=')[1] });
    expect(done.status).toBe(302);
    expect((await markOf(session.id, trainees[0]!.id))?.source).toBe('checkin');
    // the link is no use to someone else after it expired
    ctx.clock.advance(11 * 60_000);
    const late = await signIn(ctx.app, trainees[1]!.email);
    const page = await late.get(path);
    const refused = await late
      .post('/checkin')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), t: path.split('=')[1] });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(text('checkin.msg.linkExpired'));
    expect(refused.text).toContain('inputmode="numeric"');
    expect(await markOf(session.id, trainees[1]!.id)).toBeUndefined();
  });

  it('offers no check-in for a session that is over', async () => {
    const { session, trainer } = await setting();
    setNow('2026-10-21T07:40:00Z');
    const agent = await signIn(ctx.app, trainer.email);
    expect((await agent.get(`/sessions/${session.id}/attendance`)).text).not.toContain(
      `/sessions/${session.id}/checkin"`,
    );
    const page = await agent.get(`/sessions/${session.id}/checkin`);
    expect(page.text).toContain(text('checkin.over'));
    expect(page.text).not.toContain('name="minutes"');
  });
});
