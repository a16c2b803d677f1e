import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import { text } from '../../../test/support/texts';
import { auditLog } from '../../platform/audit-table';
import { mailOutbox } from '../../platform/mail/table';
import { accessibilityFeedback } from './table';
import { answerDeadline } from './service';
import { legalPageProblems } from './pages';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ TRUST_PROXY: 'true' });
});
afterEach(() => ctx.close());

it('shows Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit to everyone, linked from every page', async () => {
  for (const [path, heading] of [
    ['/impressum', 'Impressum'],
    ['/datenschutz', 'Datenschutzerklärung'],
    ['/barrierefreiheit', 'Erklärung zur Barrierefreiheit'],
  ] as const) {
    const res = await request(ctx.app).get(path);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<h1 class="kern-heading-x-large">${heading}</h1>`);
    expect(res.text).toContain(text('legal.sample'));
  }
  const privacy = (await request(ctx.app).get('/datenschutz')).text;
  for (const part of [
    'Verantwortliche Stelle',
    'Rechtsgrundlage',
    'Wer die Daten sieht',
    'Wie lange',
    'Ihre Rechte',
    'Aufsichtsbehörde',
  ])
    expect(privacy).toContain(part);
  expect((await request(ctx.app).get('/barrierefreiheit')).text).toContain('Schlichtungsstelle');
  const admin = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
  for (const page of [(await request(ctx.app).get('/login')).text, (await admin.get('/')).text])
    for (const href of ['/impressum', '/datenschutz', '/barrierefreiheit']) expect(page).toContain(`href="${href}"`);
});

it('takes feedback on barriers from anyone, tells the SPI-Team and the sender, and keeps the input when something is missing', async () => {
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  const inactive = await makeUser(ctx.database.db, { role: 'admin', active: false });
  const agent = agentFor(ctx.app);
  const page = await agent.get('/barrierefreiheit');
  const empty = await agent
    .post('/barrierefreiheit')
    .type('form')
    .send({ name: 'Gül Öztürk', email: 'gul@example.org', message: '  ', _csrf: csrfFrom(page.text) });
  expect(empty.status).toBe(422);
  expect(empty.text).toContain(text('legal.messageRequired'));
  expect(empty.text).toContain('value="Gül Öztürk"');
  const sent = await agent
    .post('/barrierefreiheit')
    .type('form')
    .send({
      name: 'Gül Öztürk',
      email: 'gul@example.org',
      location: '/cohorts',
      message: 'Die Tabelle der Termine lässt sich mit dem Screenreader nicht spaltenweise lesen.',
      _csrf: csrfFrom(page.text),
    });
  expect(sent.status).toBe(200);
  expect(sent.text).toContain(text('legal.sentAnswer', { email: 'gul@example.org' }));
  const [row] = await ctx.database.db.select().from(accessibilityFeedback);
  expect(row).toMatchObject({ name: 'Gül Öztürk', location: '/cohorts', answeredAt: null });
  const team = await ctx.smtp.mailTo(admin.email, text('legalMail.teamSubject'));
  expect(team.text).toContain('spaltenweise');
  expect(team.text).toContain('http://campus.test/admin/feedback');
  const confirm = await ctx.smtp.mailTo('gul@example.org', text('legalMail.confirmSubject'));
  expect(confirm.text).toMatch(/bis \d\d\.\d\d\.\d{4} eine Antwort/);
  expect(await ctx.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, inactive.email))).toEqual([]);
});

it('limits feedback to five an hour per address, keeping what was typed', async () => {
  const agent = agentFor(ctx.app);
  const token = csrfFrom((await agent.get('/barrierefreiheit')).text);
  const send = (message: string) =>
    agent.post('/barrierefreiheit').set('X-Forwarded-For', '198.51.100.7').type('form').send({ message, _csrf: token });
  for (let i = 0; i < 5; i++) expect((await send(`Rückmeldung ${i}`)).status).toBe(200);
  const sixth = await send('Noch eine Barriere');
  expect(sixth.status).toBe(429);
  expect(sixth.text).toContain(text('legal.throttled'));
  expect(sixth.text).toContain('Noch eine Barriere');
  expect(await ctx.database.db.select().from(accessibilityFeedback)).toHaveLength(5);
});

it('shows the SPI-Team what is open with its deadline, overdue after a month, and records the answer', async () => {
  const admin = await makeUser(ctx.database.db, { role: 'admin' });
  await ctx.database.db
    .insert(accessibilityFeedback)
    .values({ message: 'Kontrast der Hinweise zu schwach', receivedAt: ctx.clock.now() });
  let spi = await signIn(ctx.app, admin.email);
  const list = await spi.get('/admin/feedback');
  expect(list.status).toBe(200);
  expect(list.text).toContain('Kontrast der Hinweise zu schwach');
  expect(list.text).not.toContain(text('legal.overdue'));
  ctx.clock.advance(32 * 24 * 3600_000);
  spi = await signIn(ctx.app, admin.email);
  const late = await spi.get('/admin/feedback');
  expect(late.text).toContain(text('legal.overdue'));
  const [row] = await ctx.database.db.select().from(accessibilityFeedback);
  const done = await spi
    .post(`/admin/feedback/${row!.id}/answered`)
    .type('form')
    .send({ _csrf: csrfFrom(late.text) });
  expect(done.status).toBe(302);
  const after = await spi.get('/admin/feedback');
  expect(after.text).toContain(`${admin.firstName} ${admin.lastName}`);
  expect(after.text).not.toContain(text('legal.overdue'));
  const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'feedback.answered'));
  expect(entry).toMatchObject({ actorId: admin.id, subjectId: row!.id });
  for (const role of ['trainer', 'coordinator', 'trainee'] as const) {
    const other = await signIn(ctx.app, (await makeUser(ctx.database.db, { role })).email);
    expect((await other.get('/admin/feedback')).status).toBe(403);
  }
});

it('counts the month to the same day, or the last day of a shorter month', () => {
  const berlin = (iso: string) => new Date(iso);
  expect(answerDeadline(berlin('2026-12-15T09:00:00+01:00')).toISOString()).toBe('2027-01-15T08:00:00.000Z');
  expect(answerDeadline(berlin('2027-01-31T09:00:00+01:00')).toISOString()).toBe('2027-02-28T08:00:00.000Z');
  expect(answerDeadline(berlin('2027-03-31T09:00:00+02:00')).toISOString()).toBe('2027-04-30T07:00:00.000Z');
});

it('names a legal page that is missing or broken, for content:check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-recht-'));
  fs.mkdirSync(path.join(dir, 'recht'));
  fs.writeFileSync(path.join(dir, 'recht', 'impressum.md'), '---\ntitle: Impressum\nupdated: 2026-12-01\n---\nText');
  fs.writeFileSync(path.join(dir, 'recht', 'datenschutz.md'), '---\nupdated: 2026-12-01\n---\nText');
  const problems = legalPageProblems(dir);
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/datenschutz\.md: title/);
  expect(problems[1]).toMatch(/barrierefreiheit\.md/);
  fs.rmSync(dir, { recursive: true });
});
