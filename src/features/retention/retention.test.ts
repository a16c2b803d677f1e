import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, subDays, subMonths } from 'date-fns';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import {
  enrol,
  makeAssignment,
  makeCohort,
  makeOffering,
  makeSession,
  makeSubmission,
} from '../../../test/support/cohorts';
import { text } from '../../../test/support/texts';
import { berlinToday } from '../../platform/time';
import { auditLog } from '../../platform/audit-table';
import { users } from '../accounts/table';
import { attendance } from '../attendance/table';
import { offeringTrainers } from '../cohorts/table';
import { feedback, storedFiles, submissionVersions, submissions } from '../assignments/table';
import { enrolmentImports } from '../enrolment/table';
import { erasureRequests } from '../erasure/table';
import { retentionPolicyProblems } from './policy';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const day = (d: Date) => berlinToday(d);

/** A cohort that ended on `endsOn`, with one hand-in: text, a stored file, and feedback with a file of its own. */
async function cohortWithHandIn(endsOn: string, name: string) {
  const db = ctx.database.db;
  const cohort = await makeCohort(db, { startsOn: '2020-01-01', endsOn, name, status: 'abgeschlossen' });
  const { offering } = await makeOffering(db, cohort.id);
  const person = await makeUser(db, { role: 'trainee' });
  await enrol(db, cohort.id, person, 'bestaetigt');
  const { submission, file } = await makeSubmission(db, (await makeAssignment(db, offering.id)).id, person.id);
  const work = await ctx.deps.files.put(Buffer.from(`%PDF-1.4 Arbeit aus ${name}`));
  await db.update(storedFiles).set({ storageKey: work.key }).where(eq(storedFiles.id, file.id));
  await db
    .update(submissionVersions)
    .set({ text: 'Meine Konfliktanalyse' })
    .where(eq(submissionVersions.submissionId, submission.id));
  const [note] = await db
    .insert(feedback)
    .values({ submissionId: submission.id, versionNumber: 1, decision: 'bestanden', text: 'Gut beobachtet.' })
    .returning();
  await db.update(submissions).set({ state: 'bestanden' }).where(eq(submissions.id, submission.id));
  const notes = await ctx.deps.files.put(Buffer.from('%PDF-1.4 Anmerkungen'));
  await db.insert(storedFiles).values({
    feedbackId: note!.id,
    storageKey: notes.key,
    originalName: 'anmerkungen.pdf',
    kind: 'pdf',
    size: 20,
    sha256: notes.sha256,
  });
  return { cohort, person, submission, keys: [work.key, notes.key] };
}

it('hand-ins lose their texts and files the set months after their cohort ended; the outcome stays', async () => {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const due = await cohortWithHandIn(day(subDays(subMonths(now, 12), 1)), 'Durchgang Alt');
  const soon = await cohortWithHandIn(day(addDays(subMonths(now, 12), 10)), 'Durchgang Neu');
  const admin = await makeUser(db, { role: 'admin' });
  const spi = await signIn(ctx.app, admin.email);

  const before = await spi.get('/admin/retention');
  expect(before.status).toBe(200);
  expect(before.text).toContain(text('retention.handInsTitle'));
  const cut = before.text.indexOf(text('retention.handInsNextTitle', { count: 30 }));
  const [dueTable, nextTable] = [before.text.slice(0, cut), before.text.slice(cut)];
  expect(dueTable).toContain('Durchgang Alt');
  expect(dueTable).not.toContain('Durchgang Neu');
  expect(nextTable).toContain('Durchgang Neu');

  // only the SPI-Team runs it
  for (const role of ['trainer', 'coordinator', 'trainee'] as const) {
    const other = await signIn(ctx.app, (await makeUser(db, { role })).email);
    const refused = await other
      .post('/admin/retention/apply')
      .type('form')
      .send({ checked: 'ja', _csrf: await other.csrf() });
    expect(refused.status).toBe(403);
  }
  expect((await db.select().from(storedFiles)).length).toBe(4);
  // the button asks for the check first, then does what the night would
  const unchecked = await spi
    .post('/admin/retention/apply')
    .type('form')
    .send({ _csrf: csrfFrom(before.text) });
  expect(unchecked.status).toBe(422);
  expect(unchecked.text).toContain(text('retention.applyConfirmMissing'));
  expect((await db.select().from(storedFiles)).length).toBe(4);
  const applied = await spi
    .post('/admin/retention/apply')
    .type('form')
    .send({ checked: 'ja', _csrf: csrfFrom(before.text) });
  expect(applied.status).toBe(302);
  const after = await spi.get('/admin/retention');
  expect(after.text).toContain('Angewendet: eine Abgabe geleert, 2 Dateien entfernt.');
  expect(after.text).toContain(text('audit.retention.hand_ins_removed'));

  const [gone] = await db.select().from(submissions).where(eq(submissions.id, due.submission.id));
  expect(gone).toMatchObject({ state: 'bestanden' });
  expect(gone!.contentRemovedAt).not.toBeNull();
  expect(
    (await db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, gone!.id)))[0]!.text,
  ).toBe('');
  expect((await db.select().from(feedback).where(eq(feedback.submissionId, gone!.id)))[0]).toMatchObject({
    decision: 'bestanden',
    text: '',
  });
  for (const key of due.keys) await expect(ctx.deps.files.read(key)).rejects.toThrow();
  for (const key of soon.keys) expect(await ctx.deps.files.read(key)).toBeTruthy();
  expect((await db.select().from(storedFiles)).length).toBe(2);
  expect(
    (await db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, soon.submission.id)))[0]!
      .text,
  ).toBe('Meine Konfliktanalyse');

  // the trainee reads why their work is gone; a second run finds nothing to do
  const own = await signIn(ctx.app, due.person.email);
  const [sub] = await db.select().from(submissions).where(eq(submissions.id, due.submission.id));
  const page = await own.get(`/assignments/${sub!.assignmentId}`);
  expect(page.text).toContain('nach Ablauf der Aufbewahrungsfrist gelöscht');
  expect(page.text).not.toContain('Meine Konfliktanalyse');
  expect(await ctx.deps.retention.apply()).toEqual({
    handIns: 0,
    files: 0,
    cohorts: 0,
    invitations: 0,
    warned: 0,
    erased: 0,
  });
});

it('an invitation never taken up goes after the set days, unless the person takes part or has records to keep', async () => {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const invited = async (daysAgo: number, lastName: string) => {
    const u = await makeUser(db, { role: 'trainee', withPassword: false, lastName });
    await db
      .update(users)
      .set({ createdAt: subDays(now, daysAgo) })
      .where(eq(users.id, u.id));
    return u;
  };
  const old = await invited(91, 'Altladung');
  const recent = await invited(89, 'Frischladung');
  const running = await invited(120, 'Laufend');
  await enrol(db, (await makeCohort(db, { endsOn: day(addDays(now, 60)) })).id, running);
  const teaching = await makeUser(db, { role: 'trainer', withPassword: false, lastName: 'Lehrend' });
  await db
    .update(users)
    .set({ createdAt: subDays(now, 120) })
    .where(eq(users.id, teaching.id));
  const upcoming = await makeOffering(db, (await makeCohort(db, { endsOn: day(addDays(now, 90)) })).id);
  await db.insert(offeringTrainers).values({ offeringId: upcoming.offering.id, userId: teaching.id });
  const present = await invited(120, 'Anwesend');
  const cohort = await makeCohort(db, { startsOn: '2024-01-01', endsOn: '2024-06-30' });
  const session = await makeSession(db, (await makeOffering(db, cohort.id)).offering.id);
  await db
    .insert(attendance)
    .values({ sessionId: session.id, userId: present.id, status: 'anwesend', source: 'liste', recordedAt: now });
  const staff = await makeUser(db, { role: 'admin', withPassword: false });
  await db
    .update(users)
    .set({ createdAt: subDays(now, 400) })
    .where(eq(users.id, staff.id));
  await ctx.deps.erasure.request({ ...old, municipalityId: old.municipalityId }, 'bitte löschen');

  const overview = await ctx.deps.retention.overview();
  expect(overview.invitations.map((p) => p.lastName)).toEqual(['Altladung']);
  expect((await ctx.deps.retention.apply()).invitations).toBe(1);
  const rows = await db.select().from(users);
  const byId = (id: number) => rows.find((r) => r.id === id)!;
  expect(byId(old.id)).toMatchObject({ firstName: 'Gelöschte', lastName: 'Person', active: false });
  expect(byId(old.id).erasedAt).not.toBeNull();
  for (const kept of [recent, running, present, staff, teaching]) expect(byId(kept.id).erasedAt).toBeNull();
  // an open request of the person is closed as done; the log says who did it: nobody, the rule
  expect((await db.select().from(erasureRequests))[0]).toMatchObject({ state: 'geloescht', reason: '' });
  const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.invitation_erased'));
  expect(entry).toMatchObject({ actorId: null, subjectId: old.id });
});

it('an unused account is warned by e-mail first, erased after the warning time, and kept by one sign-in', async () => {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const lastUse = async (u: { id: number }, at: Date) =>
    db
      .update(users)
      .set({ lastSignInAt: at, createdAt: subMonths(at, 1) })
      .where(eq(users.id, u.id));
  // 24 months less 20 days: within the 30 days' warning time
  const quiet = await makeUser(db, { role: 'trainee', lastName: 'Stillmann', email: 'still@kommune.example' });
  await lastUse(quiet, addDays(subMonths(now, 24), 20));
  const returning = await makeUser(db, { role: 'coordinator', lastName: 'Rückkehr', email: 'back@kommune.example' });
  await lastUse(returning, addDays(subMonths(now, 24), 20));
  const active = await makeUser(db, { role: 'trainee', lastName: 'Aktiv' });
  await lastUse(active, subMonths(now, 20));
  const enrolled = await makeUser(db, { role: 'trainee', lastName: 'Eingeschrieben' });
  await lastUse(enrolled, subMonths(now, 30));
  await enrol(db, (await makeCohort(db, { endsOn: day(addDays(now, 10)) })).id, enrolled);

  expect((await ctx.deps.retention.apply()).warned).toBe(2);
  const mail = await ctx.smtp.mailTo('still@kommune.example', text('retentionMail.warningSubject'));
  // the erasure date: 24 months after the last sign-in, but never before the 30 days' warning time is over
  const erasureOn = addDays(now, 30).toLocaleDateString('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  expect(mail.text).toContain(`wird am ${erasureOn} gelöscht`);
  expect(mail.text).toContain('http://campus.test/password/forgot');
  await ctx.smtp.mailTo('back@kommune.example', text('retentionMail.warningSubject'));
  // warned once, not every night
  expect((await ctx.deps.retention.apply()).warned).toBe(0);
  const admin = await makeUser(db, { role: 'admin' });
  const page = await (await signIn(ctx.app, admin.email)).get('/admin/retention');
  const announced = page.text.slice(page.text.indexOf(text('retention.announcedTitle')));
  expect(announced).toContain('Stillmann');
  expect(announced).toContain(erasureOn);

  ctx.clock.advance(29 * 24 * 3_600_000);
  expect((await ctx.deps.retention.apply()).erased).toBe(0);
  await signIn(ctx.app, returning.email);
  ctx.clock.advance(2 * 24 * 3_600_000);
  expect(await ctx.deps.retention.apply()).toMatchObject({ erased: 1, warned: 0 });
  const after = await db.select().from(users);
  expect(after.find((u) => u.id === quiet.id)!.erasedAt).not.toBeNull();
  for (const kept of [returning, active, enrolled]) expect(after.find((u) => u.id === kept.id)!.erasedAt).toBeNull();
  expect(await ctx.deps.retention.history()).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ action: 'retention.inactive_erased', subjectId: quiet.id }),
      expect.objectContaining({ action: 'retention.inactivity_warned', subjectId: returning.id }),
    ]),
  );
});

it('unconfirmed list imports go after the hours the policy sets', async () => {
  const db = ctx.database.db;
  const admin = await makeUser(db, { role: 'admin' });
  const municipality = await makeMunicipality(db);
  const cohort = await makeCohort(db, {});
  const now = ctx.clock.now();
  for (const hours of [25, 23])
    await db.insert(enrolmentImports).values({
      cohortId: cohort.id,
      municipalityId: municipality.id,
      createdById: admin.id,
      fileName: `liste-${hours}.csv`,
      rows: [],
      createdAt: new Date(now.getTime() - hours * 3_600_000),
    });
  expect((await ctx.deps.retention.overview()).imports).toBe(1);
  expect(await ctx.deps.enrolment.deleteStaleImports(ctx.deps.retention.importMaxAgeMs())).toBe(1);
  expect((await db.select().from(enrolmentImports)).map((i) => i.fileName)).toEqual(['liste-23.csv']);
});

it('the Datenschutzerklärung states the periods in force; content:check finds a broken policy', async () => {
  const page = await request(ctx.app).get('/datenschutz');
  expect(page.status).toBe(200);
  expect(page.text).toContain('nie angenommene Einladungen nach 90 Tagen');
  expect(page.text).not.toContain('{frist:');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-retention-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'aufbewahrung.md'),
      '---\ntitle: Fristen\nupdated: 2026-12-01\nhandInMonthsAfterCohortEnd: 0\nlistImportHours: 24\ninvitationDays: 90\ninactiveAccountMonths: 24\ninactivityWarningDays: 30\n---\n',
    );
    const problems = retentionPolicyProblems(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/aufbewahrung\.md: handInMonthsAfterCohortEnd/);
    fs.rmSync(path.join(dir, 'aufbewahrung.md'));
    expect(retentionPolicyProblems(dir)[0]).toMatch(/aufbewahrung\.md/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
