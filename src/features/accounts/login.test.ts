import request from 'supertest';
import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser, TEST_PASSWORD } from '../../../test/support/builders';
import { sessions } from '../../platform/auth/table';
import { mailOutbox } from '../../platform/mail/table';
import { users } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('kokoma.sid='))?.split(';')[0];
}

describe('GET /login', () => {
  it('shows a German form with email, password and a hidden CSRF token', async () => {
    const res = await request(ctx.app).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="de">');
    expect(res.text).toMatch(/name="email"/);
    expect(res.text).toMatch(/name="password"/);
    expect(res.text).toMatch(/type="hidden" name="_csrf" value="[^"]+"/);
    expect(res.text).toContain('Anmelden');
  });
});

describe('POST /login', () => {
  it('signs in with a new session id and redirects to the dashboard', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer', firstName: 'Rosa', lastName: 'Lindner' });
    const agent = agentFor(ctx.app);
    const page = await agent.get('/login');
    const before = sessionCookie(page);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email.toUpperCase(), password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Guten Tag, Rosa Lindner');
  });

  it('refuses without a CSRF token (403)', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = agentFor(ctx.app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formular abgelaufen');
  });

  it('answers wrong credentials with 401 and the same message whether or not the e-mail exists', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainee' });
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/login')).text);
    const wrongPassword = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: 'falsch-falsch-falsch', _csrf: token });
    const unknownEmail = await agent
      .post('/login')
      .type('form')
      .send({ email: 'niemand@test.example', password: 'falsch-falsch-falsch', _csrf: token });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const message = 'E-Mail-Adresse oder Passwort ist nicht richtig.';
    expect(wrongPassword.text).toContain(message);
    expect(unknownEmail.text).toContain(message);
    // the e-mail is kept, the password never echoed
    expect(wrongPassword.text).toContain(`value="${user.email}"`);
    expect(wrongPassword.text).not.toContain('falsch-falsch-falsch');
  });

  it('re-renders with 422 and German field errors when fields are empty', async () => {
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/login')).text);
    const res = await agent.post('/login').type('form').send({ email: '', password: '', _csrf: token });
    expect(res.status).toBe(422);
    expect(res.text).toContain(text('messages.ownEmailRequired'));
    expect(res.text).toContain(text('messages.ownPasswordRequired'));
  });

  it('follows a local next parameter and ignores any other', async () => {
    const user = await makeUser(ctx.database.db, { role: 'admin' });
    for (const [next, expected] of [
      ['/people?page=2', '/people?page=2'],
      ['//evil.example/x', '/'],
      ['https://evil.example', '/'],
      ['/\\evil.example', '/'],
    ]) {
      const agent = agentFor(ctx.app);
      const token = csrfFrom((await agent.get('/login')).text);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, next, _csrf: token });
      expect(res.headers.location).toBe(expected);
    }
  });

  it('sends people who are not signed in to the login page, remembering where they wanted to go', async () => {
    const res = await request(ctx.app).get('/people?q=x');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?next=%2Fpeople%3Fq%3Dx');
  });

  it('refuses deactivated people', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainee', active: false });
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/login')).text);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
    expect(res.status).toBe(401);
  });
});

describe('throttling', () => {
  it('answers 429 after 10 failures for one account, even from other addresses', async () => {
    const throttled = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      const user = await makeUser(throttled.database.db, { role: 'trainee' });
      const agent = agentFor(throttled.app);
      const token = csrfFrom((await agent.get('/login')).text);
      for (let i = 0; i < 10; i++) {
        const res = await agent
          .post('/login')
          .set('X-Forwarded-For', `192.0.2.${i}`)
          .type('form')
          .send({ email: user.email, password: `falsch-${i}-xxxxxx`, _csrf: token });
        expect(res.status).toBe(401);
      }
      const blocked = await agent
        .post('/login')
        .set('X-Forwarded-For', '192.0.2.99')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.text).toContain('Zu viele fehlgeschlagene Anmeldeversuche');
    } finally {
      await throttled.close();
    }
  });

  it("one person's typos never lock out other people at the same address; a flood from the address does", async () => {
    const throttled = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      const agent = agentFor(throttled.app);
      const token = csrfFrom((await agent.get('/login')).text);
      const typo = await makeUser(throttled.database.db, { role: 'trainee' });
      const colleague = await makeUser(throttled.database.db, { role: 'trainee' });
      const from = (ip: string) => agent.post('/login').set('X-Forwarded-For', ip).type('form');
      for (let i = 0; i < 10; i++)
        expect(
          (await from('203.0.113.7').send({ email: typo.email, password: `vertippt-${i}-xxxx`, _csrf: token })).status,
        ).toBe(401);
      expect(
        (await from('203.0.113.7').send({ email: typo.email, password: TEST_PASSWORD, _csrf: token })).status,
      ).toBe(429);
      // the town hall's NAT address: everybody else still signs in
      const colleagues = agentFor(throttled.app);
      const theirToken = csrfFrom((await colleagues.get('/login')).text);
      expect(
        (
          await colleagues
            .post('/login')
            .set('X-Forwarded-For', '203.0.113.7')
            .type('form')
            .send({ email: colleague.email, password: TEST_PASSWORD, _csrf: theirToken })
        ).status,
      ).toBe(302);
      // 100 failures from one address (spraying many accounts) block the address, for everyone
      for (let i = 0; i < 100; i++)
        await from('203.0.113.8').send({
          email: `niemand${i}@test.example`,
          password: 'irgendwas-langes',
          _csrf: token,
        });
      const fresh = await makeUser(throttled.database.db, { role: 'trainee' });
      const flooded = await from('203.0.113.8').send({ email: fresh.email, password: TEST_PASSWORD, _csrf: token });
      expect(flooded.status).toBe(429);
      expect(flooded.text).toContain('Minuten');
    } finally {
      await throttled.close();
    }
  });

  it('counts each attempt before the password is checked: of 30 simultaneous guesses at most 10 are checked', async () => {
    let checked = 0;
    const throttled = await createTestContext({ TRUST_PROXY: 'true' }, (deps) => {
      const authenticate = deps.accounts.authenticate;
      deps.accounts.authenticate = (email, password) => {
        checked++;
        return authenticate(email, password);
      };
    });
    try {
      const user = await makeUser(throttled.database.db, { role: 'trainee' });
      const agent = agentFor(throttled.app);
      const token = csrfFrom((await agent.get('/login')).text);
      const guesses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          agent
            .post('/login')
            .set('X-Forwarded-For', '192.0.2.50')
            .type('form')
            .send({ email: user.email, password: `rate-${i}-xxxxxxx`, _csrf: token }),
        ),
      );
      expect(checked).toBeLessThanOrEqual(10);
      expect(guesses.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(20);
      const right = await agent
        .post('/login')
        .set('X-Forwarded-For', '192.0.2.50')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
      expect(right.status).toBe(429);
    } finally {
      await throttled.close();
    }
  });

  it('an attacker cannot keep the owner out: a browser that signed in before counts on its own', async () => {
    const throttled = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      const user = await makeUser(throttled.database.db, { role: 'trainer' });
      const owner = agentFor(throttled.app);
      const ownerToken = csrfFrom((await owner.get('/login')).text);
      const first = await owner
        .post('/login')
        .set('X-Forwarded-For', '198.51.100.20')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: ownerToken });
      expect(first.status).toBe(302);
      expect(
        ([] as string[]).concat(first.headers['set-cookie'] ?? []).some((c) => /^kokoma\.device=.*HttpOnly/i.test(c)),
      ).toBe(true);
      await owner
        .post('/logout')
        .type('form')
        .send({ _csrf: csrfFrom((await owner.get('/profile')).text) });
      // somebody else hammers the account from many addresses
      const attacker = agentFor(throttled.app);
      const token = csrfFrom((await attacker.get('/login')).text);
      for (let i = 0; i < 12; i++)
        await attacker
          .post('/login')
          .set('X-Forwarded-For', `192.0.2.${100 + i}`)
          .type('form')
          .send({ email: user.email, password: `angriff-${i}-xxxxx`, _csrf: token });
      const stranger = await attacker
        .post('/login')
        .set('X-Forwarded-For', '192.0.2.200')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
      expect(stranger.status).toBe(429);
      const ownerAgain = csrfFrom((await owner.get('/login')).text);
      const again = await owner
        .post('/login')
        .set('X-Forwarded-For', '198.51.100.20')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD, _csrf: ownerAgain });
      expect(again.status).toBe(302);
    } finally {
      await throttled.close();
    }
  });

  it('limits "Passwort vergessen" per account and per address, with the same answer either way', async () => {
    const throttled = await createTestContext({ TRUST_PROXY: 'true' });
    try {
      const user = await makeUser(throttled.database.db, { role: 'trainee' });
      const agent = agentFor(throttled.app);
      const token = csrfFrom((await agent.get('/password/forgot')).text);
      const ask = (email: string, ip: string) =>
        agent.post('/password/forgot').set('X-Forwarded-For', ip).type('form').send({ email, _csrf: token });
      // what the limit lets through is what the requests wrote to the outbox (delivery comes later, at its own pace)
      const queuedTo = async (email: string) =>
        (await throttled.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email))).length;
      for (let i = 0; i < 5; i++) expect((await ask(user.email, `192.0.2.${i}`)).status).toBe(200);
      expect(await queuedTo(user.email)).toBe(3);
      await throttled.smtp.mailTo(user.email);
      for (let i = 0; i < 10; i++) await ask(`jemand${i}@test.example`, '192.0.2.77');
      const other = await makeUser(throttled.database.db, { role: 'trainee' });
      const res = await ask(other.email, '192.0.2.77');
      expect(res.status).toBe(200);
      expect(await queuedTo(other.email)).toBe(0);
    } finally {
      await throttled.close();
    }
  });
});

describe('POST /logout', () => {
  it('ends the session on the server: the old cookie no longer signs in', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, user.email);
    const home = await agent.get('/');
    const token = csrfFrom(home.text);
    const countBefore = (await ctx.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).length;
    expect(countBefore).toBe(1);
    const res = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
    const left = await ctx.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(left).toHaveLength(0);
    expect((await agent.get('/')).status).toBe(302);
  });

  it('refuses without a CSRF token (403)', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, user.email);
    const res = await agent.post('/logout').type('form').send({});
    expect(res.status).toBe(403);
    expect((await agent.get('/')).status).toBe(200);
  });
});

describe('session lifetime', () => {
  it('ends after the idle timeout (30 minutes by default)', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, user.email);
    ctx.clock.advance(29 * 60_000);
    expect((await agent.get('/')).status).toBe(200);
    ctx.clock.advance(29 * 60_000); // activity renewed the idle window
    expect((await agent.get('/')).status).toBe(200);
    ctx.clock.advance(31 * 60_000);
    expect((await agent.get('/')).status).toBe(302);
  });

  it('ends after the absolute lifetime (12 hours) however active the person is', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, user.email);
    // active every 25 minutes for 11 h 40 min
    for (let i = 0; i < 28; i++) {
      ctx.clock.advance(25 * 60_000);
      expect((await agent.get('/')).status).toBe(200);
    }
    ctx.clock.advance(25 * 60_000); // now 12 h 5 min after sign-in
    const res = await agent.get('/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?expired=1');
  });

  it('a deactivated person is signed out on their next request, and their sessions are gone', async () => {
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const person = await makeUser(ctx.database.db, { role: 'trainer' });
    const personAgent = await signIn(ctx.app, person.email);
    const adminAgent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await adminAgent.get(`/people/${person.id}`)).text);
    const res = await adminAgent.post(`/people/${person.id}/deactivate`).type('form').send({ _csrf: token });
    expect(res.status).toBe(302);
    expect(await ctx.database.db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0);
    expect((await personAgent.get('/')).status).toBe(302);
  });

  it('a role change takes effect on the next request', async () => {
    const person = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(ctx.app, person.email);
    expect((await agent.get('/municipalities')).status).toBe(200);
    await ctx.database.db.update(users).set({ role: 'trainer' }).where(eq(users.id, person.id));
    expect((await agent.get('/municipalities')).status).toBe(403);
  });
});
