import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser, TEST_PASSWORD } from '../../../test/support/builders';
import { sessions } from '../../platform/auth/table';
import { users } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('shows the profile and saves name and form of address', async () => {
  const user = await makeUser(ctx.database.db, { role: 'trainee', firstName: 'Zoe', lastName: 'Orsted' });
  const agent = await signIn(ctx.app, user.email);
  const page = await agent.get('/profile');
  expect(page.status).toBe(200);
  expect(page.text).toContain(user.email);
  expect(page.text).toContain('Konfliktmanager:in');
  const res = await agent
    .post('/profile')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), firstName: 'Zoë', lastName: 'Ørsted', certificateTitle: 'konfliktmanagerin' });
  expect(res.status).toBe(302);
  const [saved] = await ctx.database.db.select().from(users).where(eq(users.id, user.id));
  expect(saved).toMatchObject({ firstName: 'Zoë', lastName: 'Ørsted', certificateTitle: 'konfliktmanagerin' });
  expect((await agent.get('/profile')).text).toContain(text('profile.saved'));
});

it('keeps the input and explains a missing name or an unknown form of address', async () => {
  const user = await makeUser(ctx.database.db, { role: 'trainer' });
  const agent = await signIn(ctx.app, user.email);
  const token = csrfFrom((await agent.get('/profile')).text);
  const res = await agent
    .post('/profile')
    .type('form')
    .send({ _csrf: token, firstName: '', lastName: 'Neuname', certificateTitle: 'kaiser' });
  expect(res.status).toBe(422);
  expect(res.text).toContain(text('messages.ownFirstName'));
  expect(res.text).toContain(text('messages.certificateTitleRequired'));
  expect(res.text).toContain('value="Neuname"');
});

it('changes the password, ending the other sessions but not this one', async () => {
  const user = await makeUser(ctx.database.db, { role: 'trainer' });
  const other = await signIn(ctx.app, user.email);
  const agent = await signIn(ctx.app, user.email);
  const token = csrfFrom((await agent.get('/profile')).text);

  const wrong = await agent.post('/profile/password').type('form').send({
    _csrf: token,
    currentPassword: 'falsch-falsch',
    newPassword: 'Abendrot über der Krämerbrücke',
    confirm: 'Abendrot über der Krämerbrücke',
  });
  expect(wrong.status).toBe(422);
  expect(wrong.text).toContain(text('messages.currentPasswordWrong'));
  expect(wrong.text).not.toContain('Abendrot');

  const res = await agent.post('/profile/password').type('form').send({
    _csrf: token,
    currentPassword: TEST_PASSWORD,
    newPassword: 'Abendrot über der Krämerbrücke',
    confirm: 'Abendrot über der Krämerbrücke',
  });
  expect(res.status).toBe(302);
  expect((await agent.get('/profile')).status).toBe(200);
  expect((await other.get('/profile')).status).toBe(302);
  expect(await ctx.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
  await signIn(ctx.app, user.email, 'Abendrot über der Krämerbrücke');
});
