import { base32 } from 'rfc4648';
import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type Agent, type TestContext } from '../../../test/support/app';
import { makeUser, TEST_PASSWORD } from '../../../test/support/builders';
import { linkIn } from '../../../test/support/smtp';
import { text } from '../../../test/support/texts';
import { auditLog } from '../../platform/audit-table';
import { SecretBox } from '../../platform/auth/secret-box';
import { codeAt } from './totp';
import { mfaTotp } from './table';

let ctx: TestContext;
afterEach(async () => ctx?.close());

const secretOf = (html: string) =>
  Buffer.from(
    base32.parse(/<code class="mfa-secret">([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, ''), { loose: true }),
  );
const recoveryCodesOf = (html: string) =>
  [...html.matchAll(/<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);

/** Sets up the second factor through the pages, as a person would; returns the app's secret and the recovery codes. */
async function setUp(agent: Agent) {
  const page = await agent.get('/mfa/setup');
  expect(page.status).toBe(200);
  expect(page.text).toContain('role="img"');
  const secret = secretOf(page.text);
  expect(secret.length).toBe(20);
  const wrong = await agent
    .post('/mfa/setup')
    .type('form')
    .send({ code: '000000', _csrf: csrfFrom(page.text) });
  expect(wrong.status).toBe(422);
  expect(wrong.text).toContain(text('mfa.codeWrong'));
  const done = await agent
    .post('/mfa/setup')
    .type('form')
    .send({ code: await codeAt(secret, ctx.clock.now()), _csrf: csrfFrom(page.text) });
  expect(done.status).toBe(200);
  expect(done.headers['cache-control']).toBe('no-store');
  const codes = recoveryCodesOf(done.text);
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  return { secret, codes };
}

/** The password step; returns the agent on its way to the code page. */
async function password(email: string, next = '') {
  const agent = agentFor(ctx.app);
  const page = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email, password: TEST_PASSWORD, next, _csrf: csrfFrom(page.text) });
  return { agent, res };
}

async function code(agent: Agent, value: string) {
  const page = await agent.get('/login/code');
  if (page.status !== 200) return page;
  return agent
    .post('/login/code')
    .type('form')
    .send({ code: value, _csrf: csrfFrom(page.text) });
}

async function signOut(agent: Agent) {
  await agent
    .post('/logout')
    .type('form')
    .send({ _csrf: await agent.csrf() });
}

describe('two-factor sign-in with an authenticator app', () => {
  it('is set up with a QR code and a confirmation, asks for a code after the password, and refuses a code used before', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainee' });
    const first = await signIn(ctx.app, person.email);
    const { secret } = await setUp(first);
    const mail = await ctx.smtp.mailTo(person.email, text('mfaMail.enabledSubject'));
    expect(mail.text).toContain('Wenn Sie das nicht selbst waren');
    // the secret is stored sealed: neither its Base32 nor its bytes appear, and another key cannot open it
    const [row] = await ctx.database.db.select().from(mfaTotp).where(eq(mfaTotp.userId, person.id));
    expect(row!.secret).not.toContain(base32.stringify(secret, { pad: false }));
    expect(new SecretBox('a-different-key-altogether', 'mfa-totp').open(row!.secret)).toBeUndefined();
    await signOut(first);

    const { agent, res } = await password(person.email, '/my/cohorts');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login/code');
    // the password alone signs nobody in
    expect((await agent.get('/profile')).headers.location).toMatch(/^\/login/);
    const wrong = await code(agent, '123456');
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(text('mfa.codeWrong'));
    ctx.clock.advance(30_000);
    const now = await codeAt(secret, ctx.clock.now());
    const ok = await code(agent, now);
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/my/cohorts');
    expect((await agent.get('/profile')).status).toBe(200);
    await signOut(agent);

    // the same code once more, within its 30 seconds: refused
    const again = await password(person.email);
    expect((await code(again.agent, now)).status).toBe(422);
    // one step either way is accepted (a phone clock a little off), two steps are not
    ctx.clock.advance(90_000);
    const twoBack = await codeAt(secret, new Date(ctx.clock.now().getTime() - 60_000));
    expect((await code(again.agent, twoBack)).status).toBe(422);
    const oneBack = await codeAt(secret, new Date(ctx.clock.now().getTime() - 30_000));
    expect((await code(again.agent, oneBack)).status).toBe(302);
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.subjectId, person.id));
    expect(audit.map((a) => a.action)).toContain('mfa.enabled');
  });

  it('takes each recovery code once, and says how many are left', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainer' });
    const { codes } = await setUp(await signIn(ctx.app, person.email));
    const a = await password(person.email);
    const used = await code(a.agent, codes[3]!.toLowerCase().replace('-', ' '));
    expect(used.status).toBe(302);
    expect((await a.agent.get(used.headers.location!)).text).toContain(text('mfa.recoveryUsed', { count: 9 }));
    await signOut(a.agent);
    const b = await password(person.email);
    expect((await code(b.agent, codes[3]!)).status).toBe(422);
    expect((await code(b.agent, codes[4]!)).status).toBe(302);
  });

  it('throttles wrong codes like passwords: after 10 even the right code waits', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainee' });
    const { secret } = await setUp(await signIn(ctx.app, person.email));
    const { agent } = await password(person.email);
    for (let i = 0; i < 10; i++) expect((await code(agent, String(100000 + i))).status).toBe(422);
    ctx.clock.advance(30_000);
    const blocked = await code(agent, await codeAt(secret, ctx.clock.now()));
    expect(blocked.status).toBe(422);
    expect(blocked.text).toContain('Zu viele falsche Codes');
    ctx.clock.advance(15 * 60_000);
    const fresh = await password(person.email);
    expect((await code(fresh.agent, await codeAt(secret, ctx.clock.now()))).status).toBe(302);
  });

  it('lets the second step wait five minutes, no longer', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainee' });
    const { secret } = await setUp(await signIn(ctx.app, person.email));
    const { agent } = await password(person.email);
    ctx.clock.advance(5 * 60_000 + 1000);
    const page = await agent.get('/login/code');
    expect(page.headers.location).toBe('/login?expired=1');
    const late = await agent
      .post('/login/code')
      .type('form')
      .send({ code: await codeAt(secret, ctx.clock.now()), _csrf: await agent.csrf() });
    expect(late.headers.location).toBe('/login?expired=1');
  });

  it('is left at once with "Abbrechen": the code page no longer takes a code', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainee' });
    const { secret } = await setUp(await signIn(ctx.app, person.email));
    const { agent } = await password(person.email);
    const page = await agent.get('/login/code');
    expect(page.text).toContain('href="/login"');
    expect((await agent.get('/login')).status).toBe(200);
    const after = await agent
      .post('/login/code')
      .type('form')
      .send({ code: await codeAt(secret, ctx.clock.now()), _csrf: await agent.csrf() });
    expect(after.headers.location).toBe('/login?expired=1');
    expect((await agent.get('/')).headers.location).toMatch(/^\/login/);
  });

  it('is not bypassed by a password reset', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainee' });
    await setUp(await signIn(ctx.app, person.email));
    const agent = agentFor(ctx.app);
    const forgot = await agent.get('/password/forgot');
    await agent
      .post('/password/forgot')
      .type('form')
      .send({ email: person.email, _csrf: csrfFrom(forgot.text) });
    const link = linkIn((await ctx.smtp.mailTo(person.email, text('mail.resetSubject'))).text);
    const setPage = await agent.get(link);
    const newPassword = 'Ein ganz neues Passwort fürs Rathaus 2026';
    const set = await agent
      .post(link)
      .type('form')
      .send({ password: newPassword, confirm: newPassword, _csrf: csrfFrom(setPage.text) });
    expect(set.status).toBe(200);
    expect((await agent.get('/profile')).headers.location).toMatch(/^\/login/);
    const page = await agent.get('/login');
    const login = await agent
      .post('/login')
      .type('form')
      .send({ email: person.email, password: newPassword, _csrf: csrfFrom(page.text) });
    expect(login.headers.location).toBe('/login/code');
  });
});

describe('roles that must use it (MFA_REQUIRED_ROLES)', () => {
  it('leads an SPI-Team member without a second factor to the set-up, before anything else', async () => {
    ctx = await createTestContext({ MFA_REQUIRED_ROLES: 'admin,trainer' });
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const { agent, res } = await password(admin.email, '/people');
    expect(res.headers.location).toBe('/mfa/setup');
    for (const path of ['/', '/people', '/profile', '/mfa', '/admin/catalogue'])
      expect((await agent.get(path)).headers.location).toBe('/mfa/setup');
    const page = await agent.get('/mfa/setup');
    expect(page.text).toContain(text('mfa.setupRequiredIntro'));
    expect(page.text).not.toContain('href="/people"');
    const refused = await agent
      .post('/people')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe('/mfa/setup');
    const done = await setUp(agent);
    expect(done.codes).toHaveLength(10);
    expect((await agent.get('/people')).status).toBe(200);
    // switching it off is not offered and not accepted
    const index = await agent.get('/mfa');
    expect(index.text).toContain(text('mfa.cannotDisable'));
    expect(index.text).not.toContain('action="/mfa/disable"');
    const off = await agent
      .post('/mfa/disable')
      .type('form')
      .send({ disableCode: await codeAt(done.secret, ctx.clock.now()), _csrf: csrfFrom(index.text) });
    expect(off.status).toBe(422);
    expect(await ctx.deps.mfa.active(admin.id)).toBe(true);
  });

  it('asks for the set-up at once when the SPI-Team gives a person a role that requires it', async () => {
    ctx = await createTestContext({ MFA_REQUIRED_ROLES: 'admin,trainer' });
    const db = ctx.database.db;
    const person = await makeUser(db, { role: 'coordinator' });
    const own = await signIn(ctx.app, person.email);
    expect((await own.get('/')).status).toBe(200);
    const admin = await makeUser(db, { role: 'admin' });
    const spi = (await password(admin.email)).agent;
    await setUp(spi);
    const edit = await spi.get(`/people/${person.id}/edit`);
    const changed = await spi
      .post(`/people/${person.id}`)
      .type('form')
      .send({
        firstName: person.firstName,
        lastName: person.lastName,
        email: person.email,
        role: 'trainer',
        municipalityId: '',
        _csrf: csrfFrom(edit.text),
      });
    expect(changed.status).toBe(302);
    // the session under the old role has ended; signing in again leads to the set-up
    expect((await own.get('/')).headers.location).toMatch(/^\/login/);
    expect((await password(person.email)).res.headers.location).toBe('/mfa/setup');
  });

  it('requires nothing of trainees and coordinators, and nothing outside production by default', async () => {
    ctx = await createTestContext({ MFA_REQUIRED_ROLES: 'admin,trainer' });
    for (const role of ['trainee', 'coordinator'] as const) {
      const p = await makeUser(ctx.database.db, { role });
      expect((await password(p.email)).res.headers.location).toBe('/');
    }
    await ctx.close();
    ctx = await createTestContext();
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    expect((await password(admin.email)).res.headers.location).toBe('/');
  });
});

describe('confirmations with a second code', () => {
  it('asks for a code before changing the password or the e-mail address, switching off, and new recovery codes', async () => {
    ctx = await createTestContext();
    const person = await makeUser(ctx.database.db, { role: 'trainee' });
    const agent = await signIn(ctx.app, person.email);
    const { secret, codes } = await setUp(agent);
    const profile = await agent.get('/profile');
    expect(profile.text).toContain('name="passwordCode"');
    expect(profile.text).toContain('name="emailCode"');
    const newPassword = 'Noch ein neues Passwort für das Amt 2026';
    const noCode = await agent
      .post('/profile/password')
      .type('form')
      .send({
        currentPassword: TEST_PASSWORD,
        newPassword,
        confirm: newPassword,
        _csrf: csrfFrom(profile.text),
      });
    expect(noCode.status).toBe(422);
    expect(noCode.text).toContain(text('mfa.codeMissing'));
    const email = await agent
      .post('/profile/email')
      .type('form')
      .send({
        newEmail: 'neu@test.example',
        emailPassword: TEST_PASSWORD,
        emailCode: '999999',
        _csrf: csrfFrom(profile.text),
      });
    expect(email.status).toBe(422);
    expect(email.text).toContain('value="neu@test.example"');
    ctx.clock.advance(30_000);
    const changed = await agent
      .post('/profile/password')
      .type('form')
      .send({
        currentPassword: TEST_PASSWORD,
        newPassword,
        confirm: newPassword,
        passwordCode: await codeAt(secret, ctx.clock.now()),
        _csrf: csrfFrom(profile.text),
      });
    expect(changed.status).toBe(302);

    const index = await agent.get('/mfa');
    const renewWrong = await agent
      .post('/mfa/recovery-codes')
      .type('form')
      .send({ renewCode: '', _csrf: csrfFrom(index.text) });
    expect(renewWrong.status).toBe(422);
    const renewed = await agent
      .post('/mfa/recovery-codes')
      .type('form')
      .send({ renewCode: codes[0]!, _csrf: csrfFrom(index.text) });
    expect(renewed.status).toBe(200);
    const fresh = recoveryCodesOf(renewed.text);
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[1]);
    await ctx.smtp.mailTo(person.email, text('mfaMail.codesSubject'));
    // the old codes are gone: codes[1] no longer switches it off, a new one does
    const offOld = await agent
      .post('/mfa/disable')
      .type('form')
      .send({ disableCode: codes[1]!, _csrf: csrfFrom(index.text) });
    expect(offOld.status).toBe(422);
    const off = await agent
      .post('/mfa/disable')
      .type('form')
      .send({ disableCode: fresh[0]!, _csrf: csrfFrom(index.text) });
    expect(off.status).toBe(302);
    expect(await ctx.deps.mfa.active(person.id)).toBe(false);
    await ctx.smtp.mailTo(person.email, text('mfaMail.disabledSubject'));
  });
});

describe('the SPI-Team resets a lost second factor', () => {
  it('after checking who asks: audited with the note, the person is told, their sessions end, the next sign-in sets up anew', async () => {
    ctx = await createTestContext({ MFA_REQUIRED_ROLES: 'trainer' });
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const trainer = await makeUser(ctx.database.db, { role: 'trainer' });
    const { agent: trainerAgent } = await password(trainer.email);
    await setUp(trainerAgent);
    const spi = await signIn(ctx.app, admin.email);
    const person = await spi.get(`/people/${trainer.id}`);
    expect(person.status).toBe(200);
    expect(person.text).toContain(`href="/people/${trainer.id}/mfa/reset"`);
    const page = await spi.get(`/people/${trainer.id}/mfa/reset`);
    expect(page.status).toBe(200);
    const unchecked = await spi
      .post(`/people/${trainer.id}/mfa/reset`)
      .type('form')
      .send({ note: 'Rückruf über die Dienstnummer', _csrf: csrfFrom(page.text) });
    expect(unchecked.status).toBe(422);
    expect(unchecked.text).toContain(text('mfa.resetConfirmMissing'));
    expect(unchecked.text).toContain('value="Rückruf über die Dienstnummer"');
    expect(await ctx.deps.mfa.active(trainer.id)).toBe(true);
    const reset = await spi
      .post(`/people/${trainer.id}/mfa/reset`)
      .type('form')
      .send({ checked: 'ja', note: 'Rückruf über die Dienstnummer', _csrf: csrfFrom(page.text) });
    expect(reset.status).toBe(302);
    expect(await ctx.deps.mfa.active(trainer.id)).toBe(false);
    const mail = await ctx.smtp.mailTo(trainer.email, text('mfaMail.resetSubject'));
    expect(mail.text).toContain(`${admin.firstName} ${admin.lastName}`);
    const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'mfa.reset_by_admin'));
    expect(entry).toMatchObject({
      actorId: admin.id,
      subjectId: trainer.id,
      details: { note: 'Rückruf über die Dienstnummer' },
    });
    // the trainer's open session ended; signing in leads to the set-up again
    expect((await trainerAgent.get('/profile')).headers.location).toMatch(/^\/login/);
    expect((await password(trainer.email)).res.headers.location).toBe('/mfa/setup');
  });

  it('is only for the SPI-Team', async () => {
    ctx = await createTestContext();
    const trainee = await makeUser(ctx.database.db, { role: 'trainee' });
    const coordinator = await makeUser(ctx.database.db, {
      role: 'coordinator',
      municipalityId: trainee.municipalityId,
    });
    const trainer = await makeUser(ctx.database.db, { role: 'trainer' });
    for (const actor of [coordinator, trainer, trainee]) {
      const agent = await signIn(ctx.app, actor.email);
      expect((await agent.get(`/people/${trainee.id}/mfa/reset`)).status).toBe(403);
      const post = await agent
        .post(`/people/${trainee.id}/mfa/reset`)
        .type('form')
        .send({ checked: 'ja', _csrf: await agent.csrf() });
      expect(post.status).toBe(403);
    }
    const admin = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
    expect((await admin.get('/people/999999/mfa/reset')).status).toBe(404);
  });
});
