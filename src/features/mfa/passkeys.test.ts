import { base32 } from 'rfc4648';
import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type Agent, type TestContext } from '../../../test/support/app';
import { makeUser, TEST_PASSWORD } from '../../../test/support/builders';
import { SoftAuthenticator } from '../../../test/support/passkey';
import { text } from '../../../test/support/texts';
import { auditLog } from '../../platform/audit-table';
import { codeAt } from './totp';
import { mfaPasskeys } from './table';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const ORIGIN = 'http://campus.test';
const RP_ID = 'campus.test';

/** A person with the authenticator app set up (a passkey comes on top of it), and the app's secret. */
async function personWithApp() {
  const person = await makeUser(ctx.database.db, { role: 'trainee' });
  const setup = await ctx.deps.mfa.pendingSetup({ ...person });
  const secret = Buffer.from(base32.parse(setup!.secret.replace(/ /g, ''), { loose: true }));
  await ctx.deps.mfa.confirmSetup({ ...person }, await codeAt(secret, ctx.clock.now()));
  return { person, secret };
}

/** The password step; the agent then waits for its second factor on the code page. */
async function password(email: string) {
  const agent = agentFor(ctx.app);
  const page = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
  expect(res.headers.location).toBe('/login/code');
  return agent;
}

/** Password and a fresh app code (the clock moves on a step, so the code is not one used before). */
async function signInWithCode(email: string, secret: Buffer): Promise<Agent> {
  const agent = await password(email);
  ctx.clock.advance(30_000);
  const page = await agent.get('/login/code');
  const res = await agent
    .post('/login/code')
    .type('form')
    .send({ code: await codeAt(secret, ctx.clock.now()), _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(302);
  return agent;
}

/** The JSON the page's script sends, with the page's CSRF token in the header. */
async function postJson(agent: Agent, url: string, body: object, token?: string) {
  return agent
    .post(url)
    .set('X-CSRF-Token', token ?? (await agent.csrf()))
    .send(body);
}

async function addPasskey(agent: Agent, key: SoftAuthenticator, name = 'Laptop im Büro') {
  const options = await postJson(agent, '/mfa/passkeys/options', { name });
  expect(options.status).toBe(200);
  expect(options.body.rp).toEqual({ name: 'KoKoMa Campus', id: RP_ID });
  return postJson(agent, '/mfa/passkeys', { response: key.register(options.body) });
}

/** The code page's passkey step: options, then the authenticator's answer. */
async function passkeyStep(agent: Agent, answer: (options: { challenge: string }) => object) {
  const token = csrfFrom((await agent.get('/login/code')).text);
  const options = await postJson(agent, '/login/passkey/options', {}, token);
  if (options.status !== 200) return options;
  return postJson(agent, '/login/passkey', { response: answer(options.body) }, token);
}

it('is added on top of the app and then confirms the sign-in instead of a code', async () => {
  const { person, secret } = await personWithApp();
  const key = new SoftAuthenticator(ORIGIN, RP_ID);
  // the code page offers a passkey only to people who have one
  expect((await (await password(person.email)).get('/login/code')).text).not.toContain('data-passkey="login"');

  const agent = await signInWithCode(person.email, secret);
  const mfaPage = await agent.get('/mfa');
  expect(mfaPage.text).toContain(text('mfa.passkeysTitle'));
  expect(mfaPage.text).toContain('data-passkey="register"');
  const missingName = await postJson(agent, '/mfa/passkeys/options', { name: '  ' });
  expect(missingName.status).toBe(422);
  expect(missingName.body.error).toBe(text('mfa.passkeyNameMissing'));
  const added = await addPasskey(agent, key);
  expect(added.status).toBe(200);
  expect(added.body).toEqual({ redirect: '/mfa' });
  const listed = await agent.get('/mfa');
  expect(listed.text).toContain('Laptop im Büro');
  expect(listed.text).toContain(text('mfa.passkeyAdded', { name: 'Laptop im Büro' }));
  await ctx.smtp.mailTo(person.email, text('mfaMail.passkeyAddedSubject'));

  // the next sign-in: password, then the passkey
  const next = await password(person.email);
  expect((await next.get('/login/code')).text).toContain('data-passkey="login"');
  const done = await passkeyStep(next, (o) => key.authenticate(o));
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ redirect: '/' });
  expect((await next.get('/')).status).toBe(200);
  const [row] = await ctx.database.db.select().from(mfaPasskeys).where(eq(mfaPasskeys.userId, person.id));
  expect(row).toMatchObject({ name: 'Laptop im Büro', counter: 1 });
  expect(row!.lastUsedAt).not.toBeNull();
  const signIns = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.signed_in'));
  expect(signIns.map((s) => s.details)).toContainEqual({ method: 'passkey' });
  const addedLog = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'mfa.passkey_added'));
  expect(addedLog[0]).toMatchObject({ actorId: person.id, details: { name: 'Laptop im Büro' } });
});

it('refuses an answer for another site, a replayed answer, a used challenge, and another person’s passkey', async () => {
  const { person, secret } = await personWithApp();
  const other = await personWithApp();
  const key = new SoftAuthenticator(ORIGIN, RP_ID);
  const otherKey = new SoftAuthenticator(ORIGIN, RP_ID);
  await addPasskey(await signInWithCode(person.email, secret), key);
  await addPasskey(await signInWithCode(other.person.email, other.secret), otherKey);

  // a phishing page elsewhere: the browser signs for its own origin and site, which the server does not take
  const phished = new SoftAuthenticator('https://campus-login.example', 'campus-login.example');
  const agent = await password(person.email);
  const elsewhere = await passkeyStep(agent, (o) => phished.authenticate(o));
  expect(elsewhere.status).toBe(422);
  expect(elsewhere.body.error).toBe(text('mfa.passkeyNotVerified'));
  expect(await passkeyStep(agent, (o) => otherKey.authenticate(o))).toMatchObject({ status: 422 });

  // an answer captured once is not taken again: its challenge was used
  let captured: object | undefined;
  const first = await passkeyStep(agent, (o) => (captured = key.authenticate(o)));
  expect(first.status).toBe(200);
  const again = await password(person.email);
  const token = csrfFrom((await again.get('/login/code')).text);
  await postJson(again, '/login/passkey/options', {}, token);
  expect((await postJson(again, '/login/passkey', { response: captured! }, token)).status).toBe(422);
  // and a challenge serves one answer: the second post finds none
  expect(
    (await postJson(again, '/login/passkey', { response: key.authenticate({ challenge: 'x' }) }, token)).status,
  ).toBe(409);
  // without the password step first there is nothing to confirm
  const stranger = agentFor(ctx.app);
  const loginToken = csrfFrom((await stranger.get('/login')).text);
  expect((await postJson(stranger, '/login/passkey/options', {}, loginToken)).status).toBe(409);
  // garbage is a clear refusal, never a 500
  const junk = await password(person.email);
  for (const response of [null, 'x', { id: 5 }, { id: key.id, response: {} }])
    expect((await passkeyStep(junk, () => ({ response }) as never)).status).toBeLessThan(500);
});

it('is throttled like codes, needs the app first, is removed only by its owner, and goes with an admin reset', async () => {
  const bare = await makeUser(ctx.database.db, { role: 'trainee' });
  const plain = await signIn(ctx.app, bare.email);
  const refused = await postJson(plain, '/mfa/passkeys/options', { name: 'Handy' });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toBe(text('mfa.passkeyNeedsApp'));

  const { person, secret } = await personWithApp();
  const key = new SoftAuthenticator(ORIGIN, RP_ID);
  const own = await signInWithCode(person.email, secret);
  await addPasskey(own, key, 'Sicherheitsschlüssel');
  const wrongKey = new SoftAuthenticator(ORIGIN, RP_ID);
  const agent = await password(person.email);
  for (let i = 0; i < 10; i++) expect((await passkeyStep(agent, (o) => wrongKey.authenticate(o))).status).toBe(422);
  const blocked = await passkeyStep(agent, (o) => key.authenticate(o));
  expect(blocked.status).toBe(429);
  expect(blocked.body.error).toMatch(/Minuten/);

  // removing: another person finds nothing to remove (404); the owner removes it
  const [row] = await ctx.database.db.select().from(mfaPasskeys).where(eq(mfaPasskeys.userId, person.id));
  const third = await personWithApp();
  const intruder = await signInWithCode(third.person.email, third.secret);
  const theirs = await intruder
    .post(`/mfa/passkeys/${row!.id}/delete`)
    .type('form')
    .send({ _csrf: await intruder.csrf() });
  expect(theirs.status).toBe(404);
  const removed = await own
    .post(`/mfa/passkeys/${row!.id}/delete`)
    .type('form')
    .send({ _csrf: await own.csrf() });
  expect(removed.status).toBe(302);
  expect(await ctx.database.db.select().from(mfaPasskeys).where(eq(mfaPasskeys.userId, person.id))).toEqual([]);
  await ctx.smtp.mailTo(person.email, text('mfaMail.passkeyRemovedSubject'));

  // a lost device: the SPI-Team's reset takes the passkeys with the app (after the throttle's window)
  ctx.clock.advance(16 * 60_000);
  await addPasskey(await signInWithCode(person.email, secret), new SoftAuthenticator(ORIGIN, RP_ID), 'Zweiter');
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  expect(await ctx.deps.mfa.resetByAdmin({ ...admin }, person.id, 'Ausweis geprüft')).toBe(true);
  expect(await ctx.database.db.select().from(mfaPasskeys).where(eq(mfaPasskeys.userId, person.id))).toEqual([]);
});
