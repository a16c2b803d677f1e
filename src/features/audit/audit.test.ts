import { eq } from 'drizzle-orm';
import { agentFor, createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import { text } from '../../../test/support/texts';
import { auditLog } from '../../platform/audit-table';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function wrongPassword(email: string) {
  const agent = agentFor(ctx.app);
  const page = await agent.get('/login');
  await agent
    .post('/login')
    .type('form')
    .send({ email, password: 'falsch-falsch-falsch', _csrf: csrfFrom(page.text) });
}

it('records sign-ins and failed sign-ins of accounts, and nothing for addresses without one', async () => {
  const person = await makeUser(ctx.database.db, { role: 'trainee' });
  await wrongPassword(person.email);
  await wrongPassword('niemand@test.example');
  await signIn(ctx.app, person.email);
  const rows = await ctx.database.db.select().from(auditLog).where(eq(auditLog.subjectId, person.id));
  expect(rows.map((r) => [r.action, r.details])).toEqual([
    ['auth.sign_in_failed', { reason: 'password' }],
    ['auth.signed_in', { method: 'password' }],
  ]);
  expect(await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'))).toHaveLength(
    1,
  );
});

it('shows the SPI-Team the log, filtered by person, action and day, exports it as CSV, and logs the export', async () => {
  const admin = await makeUser(ctx.database.db, { role: 'admin', firstName: 'Ada', lastName: 'Aufsicht' });
  const person = await makeUser(ctx.database.db, { role: 'trainer', firstName: 'Łukasz', lastName: 'Şahin-Müller' });
  const other = await makeUser(ctx.database.db, { role: 'trainee', firstName: 'Otto', lastName: 'Anders' });
  await wrongPassword(person.email);
  await signIn(ctx.app, other.email);
  const spi = await signIn(ctx.app, admin.email);

  const all = await spi.get('/admin/audit');
  expect(all.status).toBe(200);
  expect(all.text).toContain(text('audit.auth.sign_in_failed'));
  expect(all.text).toContain('Otto Anders');

  for (const q of [person.email, 'şahin-müller']) {
    const page = (await spi.get('/admin/audit').query({ q })).text;
    expect(page).toContain('Łukasz Şahin-Müller');
    expect(page).not.toContain('Otto Anders');
  }
  const byAction = await spi.get('/admin/audit').query({ action: 'auth.signed_in' });
  expect(byAction.text).toContain('Otto Anders');
  expect(byAction.text).not.toContain(text('audit.auth.sign_in_failed') + '</th>');
  const today = new Date().toLocaleDateString('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  expect((await spi.get('/admin/audit').query({ from: today, to: today })).text).toContain('Otto Anders');
  expect((await spi.get('/admin/audit').query({ to: '01.01.2020' })).text).toContain(text('auditLog.none'));

  const bad = await spi.get('/admin/audit').query({ from: '31.02.2026', q: 'Otto' });
  expect(bad.status).toBe(422);
  expect(bad.text).toContain(text('auditLog.dateInvalid'));
  expect(bad.text).toContain('value="31.02.2026"');
  expect(bad.text).toContain('value="Otto"');
  expect((await spi.get('/admin/audit').query({ from: '02.12.2026', to: '01.12.2026' })).status).toBe(422);
  // anything else a client sends is ignored, never a 500
  for (const q of [{ action: 'drop table' }, { person: 'x' }, { page: '-1' }, { q: '%_\\' }, { 'action[]': 'a' }])
    expect((await spi.get('/admin/audit').query(q)).status).toBe(200);

  const csv = await spi.get('/admin/audit.csv').query({ q: person.email });
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  const body = csv.text.replace(/^\uFEFF/, '');
  expect(body.split('\r\n')[0]).toBe('Zeitpunkt;Aktion;Handelnde Person;Betroffen;Einzelheiten');
  expect(body).toContain('Anmeldung fehlgeschlagen;System;Łukasz Şahin-Müller (user');
  expect(body).not.toContain('Otto');
  const [exported] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'audit.exported'));
  expect(exported).toMatchObject({ actorId: admin.id, details: { rows: 1 } });

  const personPage = await spi.get(`/people/${person.id}`);
  expect(personPage.text).toContain(`href="/admin/audit?person=${person.id}"`);
  expect((await spi.get('/admin/audit').query({ person: String(person.id) })).text).toContain('Łukasz Şahin-Müller');
});

it('is for the SPI-Team only, and offers no way to change an entry', async () => {
  for (const role of ['trainer', 'coordinator', 'trainee'] as const) {
    const agent = await signIn(ctx.app, (await makeUser(ctx.database.db, { role })).email);
    expect((await agent.get('/admin/audit')).status).toBe(403);
    expect((await agent.get('/admin/audit.csv')).status).toBe(403);
  }
  const spi = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
  const page = await spi.get('/admin/audit');
  expect(page.text).not.toMatch(/<form method="post" action="\/admin\/audit/);
  expect(
    (
      await spi
        .post('/admin/audit')
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
    ).status,
  ).toBe(404);
});
