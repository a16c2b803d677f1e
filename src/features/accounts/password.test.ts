import { mailOutbox } from '../../platform/mail/table';
import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { linkIn } from '../../../test/support/smtp';
import { HASHES_AT_ONCE, hashing, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password';
import { users, userTokens } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const NEW_PASSWORD = 'Laternen leuchten im Novembernebel';

async function invite(email: string) {
  const admin = await makeUser(ctx.database.db, { role: 'admin', firstName: 'Sabine', lastName: 'Nowak' });
  const m = await makeMunicipality(ctx.database.db);
  const agent = await signIn(ctx.app, admin.email);
  const token = csrfFrom((await agent.get('/people/new')).text);
  const res = await agent
    .post('/people')
    .type('form')
    .send({
      _csrf: token,
      firstName: 'Zoë',
      lastName: 'Ørsted',
      email,
      role: 'trainee',
      municipalityId: String(m.id),
      sector: 'bildung',
      organisation: 'Gesamtschule',
      jobTitle: '',
    });
  expect(res.status).toBe(302);
  return ctx.smtp.mailTo(email);
}

async function setPassword(path: string, password: string, confirm = password) {
  const agent = agentFor(ctx.app);
  const page = await agent.get(path);
  if (page.status !== 200) return { page, res: page };
  const res = await agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), password, confirm });
  return { page, res };
}

describe('invitation', () => {
  it('e-mails a single-use link with which the person sets a password and signs in', async () => {
    const mail = await invite('zoe.orsted@test.example');
    expect(mail.subject).toBe('Ihr Zugang zu KoKoMa Campus');
    expect(mail.text).toContain('Guten Tag Zoë Ørsted');
    expect(mail.text).toContain('Sabine Nowak hat für Sie einen Zugang');
    expect(mail.text).toContain('7 Tage');
    const path = linkIn(mail.text);

    const { page, res } = await setPassword(path, NEW_PASSWORD);
    expect(page.text).toContain('Willkommen, Zoë');
    expect(res.status).toBe(200);
    expect(res.text).toContain(text('password.setDone'));
    await signIn(ctx.app, 'zoe.orsted@test.example', NEW_PASSWORD);

    const again = await agentFor(ctx.app).get(path);
    expect(again.status).toBe(404);
    expect(again.text).toContain(text('password.invalidTitle'));
  });

  it('stores only a hash of the token', async () => {
    const mail = await invite('hash.check@test.example');
    const token = linkIn(mail.text).split('/').pop()!;
    const rows = await ctx.database.db.select().from(userTokens);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.tokenHash).not.toContain(token);
    expect(rows.some((r) => r.tokenHash.length === 64)).toBe(true);
  });

  it('expires after 7 days', async () => {
    const mail = await invite('spaet@test.example');
    ctx.clock.advance(7 * 24 * 60 * 60_000 + 60_000);
    const { res } = await setPassword(linkIn(mail.text), NEW_PASSWORD);
    expect(res.status).toBe(404);
    const [user] = await ctx.database.db.select().from(users).where(eq(users.email, 'spaet@test.example'));
    expect(user!.passwordHash).toBeNull();
  });

  it('keeps the link usable when the password is refused, and says why in German', async () => {
    const mail = await invite('kurz@test.example');
    const path = linkIn(mail.text);
    const short = await setPassword(path, 'kurz');
    expect(short.res.status).toBe(422);
    expect(short.res.text).toContain(text('password.setIntro'));
    const common = await setPassword(path, 'passwort1234');
    expect(common.res.status).toBe(422);
    expect(common.res.text).toContain(text('messages.tooGuessable'));
    const mismatch = await setPassword(path, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    expect(mismatch.res.status).toBe(422);
    expect(mismatch.res.text).toContain(text('messages.passwordsDiffer'));
    const ok = await setPassword(path, NEW_PASSWORD);
    expect(ok.res.status).toBe(200);
  });
});

describe('forgotten password', () => {
  it('sends a one-hour link for an existing account and says the same for an unknown one', async () => {
    const user = await makeUser(ctx.database.db, {
      role: 'trainer',
      email: 'vergesslich@test.example',
      firstName: 'Łukasz',
      lastName: 'Şahin-Müller',
    });
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/password/forgot')).text);
    const known = await agent.post('/password/forgot').type('form').send({ _csrf: token, email: user.email });
    const unknown = await agent
      .post('/password/forgot')
      .type('form')
      .send({ _csrf: token, email: 'gibtsnicht@test.example' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.text).toContain(text('password.forgotSent'));
    expect(unknown.text).toContain(text('password.forgotSent'));
    expect(ctx.smtp.received.some((m) => m.to.includes('gibtsnicht@test.example'))).toBe(false);

    const mail = await ctx.smtp.mailTo(user.email);
    expect(mail.subject).toBe('Passwort für KoKoMa Campus zurücksetzen');
    expect(mail.text).toContain('Łukasz Şahin-Müller');
    const path = linkIn(mail.text);
    const { res } = await setPassword(path, NEW_PASSWORD);
    expect(res.status).toBe(200);
    const [stored] = await ctx.database.db.select().from(users).where(eq(users.id, user.id));
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(NEW_PASSWORD, stored!.passwordHash)).toBe(true);
  });

  it('expires after one hour', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer', email: 'stunde@test.example' });
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/password/forgot')).text);
    await agent.post('/password/forgot').type('form').send({ _csrf: token, email: user.email });
    const path = linkIn((await ctx.smtp.mailTo(user.email)).text);
    ctx.clock.advance(61 * 60_000);
    expect((await setPassword(path, NEW_PASSWORD)).res.status).toBe(404);
  });

  it('sends at most three links per address and hour', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainer', email: 'flut@test.example' });
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/password/forgot')).text);
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/password/forgot').type('form').send({ _csrf: token, email: user.email });
      expect(res.text).toContain(text('password.forgotSent'));
    }
    // the limit decides what is queued; delivery follows at its own pace
    expect(await ctx.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, user.email))).toHaveLength(3);
    await ctx.smtp.mailTo(user.email);
  });

  it('sends nothing to deactivated people', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainee', email: 'inaktiv@test.example', active: false });
    const agent = agentFor(ctx.app);
    const token = csrfFrom((await agent.get('/password/forgot')).text);
    await agent.post('/password/forgot').type('form').send({ _csrf: token, email: user.email });
    expect(await ctx.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, user.email))).toHaveLength(0);
  });
});

it('computes at most two hashes at once, so simultaneous sign-ins cannot exhaust memory; the rest wait and succeed', async () => {
  const hashes = Array.from({ length: 6 }, (_, i) => hashPassword(`Ein Passwort Nummer ${i}`, 12));
  await new Promise((resolve) => setImmediate(resolve));
  expect(hashing.running()).toBe(HASHES_AT_ONCE);
  expect(hashing.waiting()).toBe(6 - HASHES_AT_ONCE);
  const done = await Promise.all(hashes);
  expect(await verifyPassword('Ein Passwort Nummer 5', done[5]!)).toBe(true);
  expect(hashing.running() + hashing.waiting()).toBe(0);
});

describe('password policy', () => {
  it('takes 12 to 128 characters without composition rules and refuses common passwords', () => {
    expect(passwordProblem('a'.repeat(11))).toMatch(/mindestens 12/);
    expect(passwordProblem(`Wald und Wiese ${'x'.repeat(120)}`)).toMatch(/höchstens 128/);
    expect(passwordProblem('passwort1234')).toMatch(/zu leicht/);
    expect(passwordProblem('123456789012')).toMatch(/zu leicht/);
    expect(passwordProblem('qwertzuiopü1')).toMatch(/zu leicht/);
    expect(passwordProblem('konfliktmanager')).toMatch(/zu leicht/);
    expect(passwordProblem('zoe.orsted@test.example', ['zoe.orsted@test.example', 'Zoë', 'Ørsted'])).toMatch(
      /zu leicht/,
    );
    expect(passwordProblem('laternen leuchten im nebel')).toBeNull();
    expect(passwordProblem('Brücke über die Saale 7')).toBeNull();
  });
});
