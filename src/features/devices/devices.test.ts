import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser, TEST_PASSWORD } from '../../../test/support/builders';
import { text } from '../../../test/support/texts';
import { auditLog } from '../../platform/audit-table';
import { sessions } from '../../platform/auth/table';
import { describeDevice } from '../../platform/auth/sign-in';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signInWith(email: string, userAgent: string) {
  const agent = agentFor(ctx.app);
  const page = await agent.get('/login').set('User-Agent', userAgent);
  await agent
    .post('/login')
    .set('User-Agent', userAgent)
    .type('form')
    .send({ email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
  return agent;
}

it('names browsers and systems as people know them', () => {
  expect(describeDevice(FIREFOX)).toBe('Firefox 133 auf Windows 10');
  expect(describeDevice(SAFARI)).toBe('Safari 18 auf iOS');
  expect(describeDevice(undefined)).toBe('');
});

it('lists one’s open sessions with device and times, never their ids, and ends another one or all others', async () => {
  const person = await makeUser(ctx.database.db, { role: 'trainee' });
  const laptop = await signInWith(person.email, FIREFOX);
  const phone = await signInWith(person.email, SAFARI);
  const third = await signIn(ctx.app, person.email);
  const page = await laptop.get('/profile/devices');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Firefox 133 auf Windows 10');
  expect(page.text).toContain('Safari 18 auf iOS');
  expect(page.text).toContain(text('devices.thisDevice'));
  const sids = (await ctx.database.db.select().from(sessions).where(eq(sessions.userId, person.id))).map((s) => s.sid);
  expect(sids).toHaveLength(3);
  for (const sid of sids) expect(page.text).not.toContain(sid);
  // the handle of the phone's row: the row whose device is Safari
  const phoneRow = page.text.slice(page.text.indexOf('Safari 18 auf iOS'));
  const handle = /name="session" value="([\w-]+)"/.exec(phoneRow)![1]!;
  const ended = await laptop
    .post('/profile/devices/end')
    .type('form')
    .send({ session: handle, _csrf: csrfFrom(page.text) });
  expect(ended.status).toBe(302);
  expect((await phone.get('/profile')).headers.location).toMatch(/^\/login/);
  expect((await third.get('/profile')).status).toBe(200);
  // a handle that is not one's own, or one's own current session, ends nothing
  const again = await laptop
    .post('/profile/devices/end')
    .type('form')
    .send({ session: handle, _csrf: csrfFrom(page.text) });
  expect((await laptop.get(again.headers.location!)).text).toContain(text('devices.gone'));
  const others = await laptop
    .post('/profile/devices/end-others')
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
  expect(others.status).toBe(302);
  expect((await third.get('/profile')).headers.location).toMatch(/^\/login/);
  const after = await laptop.get('/profile/devices');
  expect(after.status).toBe(200);
  expect(after.text).toContain(text('devices.noOthers'));
  const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'sessions.ended'));
  expect(audit.map((a) => a.details)).toEqual([{ device: 'Safari 18 auf iOS', count: 1 }, { count: 1 }]);
});

it('lets the SPI-Team end all sessions of a person, and nobody else', async () => {
  const person = await makeUser(ctx.database.db, { role: 'trainer' });
  const a = await signInWith(person.email, FIREFOX);
  const b = await signInWith(person.email, SAFARI);
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  const spi = await signIn(ctx.app, admin.email);
  const page = await spi.get(`/people/${person.id}`);
  expect(page.text).toContain(text('devices.personSessionsCount', { count: 2 }));
  const done = await spi
    .post(`/people/${person.id}/sessions/end`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
  expect(done.status).toBe(302);
  for (const agent of [a, b]) expect((await agent.get('/profile')).headers.location).toMatch(/^\/login/);
  expect((await spi.get(`/people/${person.id}`)).text).toContain(text('devices.personSessionsNone'));
  const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'sessions.ended_by_admin'));
  expect(entry).toMatchObject({ actorId: admin.id, subjectId: person.id, details: { count: 2 } });
  const coordinator = await makeUser(ctx.database.db, { role: 'coordinator' });
  const other = await signIn(ctx.app, coordinator.email);
  const refused = await other
    .post(`/people/${person.id}/sessions/end`)
    .type('form')
    .send({ _csrf: await other.csrf() });
  expect(refused.status).toBe(403);
  expect(
    (
      await spi
        .post('/people/999999/sessions/end')
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
    ).status,
  ).toBe(404);
});
