import { createTestContext, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeAssignment, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { attendance } from '../attendance/table';
import { feedback, submissions, submissionVersions } from '../assignments/table';
import { berlinToday } from '../../platform/time';
import { text } from '../../../test/support/texts';

/** Every start page says what to do next, each item with a link to where it is done. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const HOUR = 3_600_000;
const berlinClock = (d: Date) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(d);

/** A cohort with a session running now (online), a past one not fully marked, and an assignment or two. */
async function scene() {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const m = await makeMunicipality(db);
  const trainer = await makeUser(db, { role: 'trainer' });
  const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
  const c = await makeCohort(db, { startsOn: '2020-01-01', endsOn: '2040-12-31', quotas: [[m.id, 10]] });
  const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id], kind: 'online' });
  const start = new Date(now.getTime() - 30 * 60_000);
  const [h] = berlinClock(start).split(':').map(Number) as [number];
  // a session running now, unless it is too close to midnight to fit in the day; then tomorrow's morning
  const today = berlinToday(now);
  const running =
    h <= 21
      ? await makeSession(db, offering.id, {
          date: today,
          startTime: `${berlinClock(start)}:00`,
          endTime: `${String(h + 2).padStart(2, '0')}:${berlinClock(start).slice(3)}:00`,
          kind: 'online',
          location: '',
          videoUrl: 'https://konferenz.example/jetzt',
          ue: 2,
        })
      : undefined;
  const past = await makeSession(db, offering.id, {
    date: '2025-05-05',
    startTime: '09:00:00',
    endTime: '12:00:00',
    kind: 'online',
    location: '',
    videoUrl: 'https://konferenz.example/alt',
    ue: 4,
  });
  const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id, firstName: 'Tilda', lastName: 'Teil' });
  const waiting = await makeUser(db, { role: 'trainee', municipalityId: m.id, firstName: 'Wim', lastName: 'Warte' });
  await enrol(db, c.id, trainee, 'bestaetigt', new Date('2021-01-01T00:00:00Z'));
  await enrol(db, c.id, waiting, 'nominiert', new Date('2021-01-01T00:00:00Z'));
  const due = await makeAssignment(db, offering.id, {
    title: 'Fallskizze',
    dueAt: new Date(now.getTime() + 3 * 24 * HOUR),
    expectsFile: false,
    expectsText: true,
    allowedKinds: [],
  });
  const returned = await makeAssignment(db, offering.id, {
    title: 'Konfliktlandkarte',
    dueAt: new Date(now.getTime() + 10 * 24 * HOUR),
  });
  const [sub] = await db
    .insert(submissions)
    .values({ assignmentId: returned.id, userId: trainee.id, state: 'ueberarbeiten', submittedAt: now })
    .returning();
  await db.insert(submissionVersions).values({ submissionId: sub!.id, number: 1, submittedAt: now, text: '' });
  await db.insert(feedback).values({
    submissionId: sub!.id,
    versionNumber: 1,
    authorId: trainer.id,
    decision: 'ueberarbeiten',
    text: 'Bitte ergänzen.',
    createdAt: now,
  });
  const handedIn = await makeAssignment(db, offering.id, { title: 'Reflexion' });
  const [sub2] = await db
    .insert(submissions)
    .values({ assignmentId: handedIn.id, userId: waiting.id, state: 'abgegeben', submittedAt: now })
    .returning();
  await db.insert(submissionVersions).values({ submissionId: sub2!.id, number: 1, submittedAt: now, text: 'x' });
  await db
    .insert(attendance)
    .values({ sessionId: past.id, userId: waiting.id, status: 'anwesend', source: 'liste', recordedAt: now });
  return { m, c, trainer, coordinator, trainee, waiting, running, past, due, returned };
}

it('SPI-Team: decisions waiting, sessions without attendance, each with a link', async () => {
  await scene();
  const admin = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
  const page = (await admin.get('/')).text;
  expect(page).toMatch(
    /<a class="kern-link" href="\/enrolments\?status=nominiert">\d+ Nominierung(en)? warte(n|t) auf Ihre Entscheidung<\/a>/,
  );
  expect(page).toMatch(/href="\/attendance\/missing">\d+ vergangene[rn]? Termine? ohne vollständige Anwesenheit/);
  const missing = (await admin.get('/attendance/missing')).text;
  expect(missing).toContain('05.05.2025');
});

it('trainer: today’s session with its sheet, check-in and signature list; hand-ins waiting; sessions without attendance', async () => {
  const s = await scene();
  const page = (await signIn(ctx.app, s.trainer.email).then((a) => a.get('/'))).text;
  if (s.running) {
    expect(page).toContain(`href="/sessions/${s.running.id}/attendance"`);
    expect(page).toContain(`href="/sessions/${s.running.id}/checkin"`);
    expect(page).toContain(`href="/sessions/${s.running.id}/signatures.pdf"`);
    expect(page).toContain('läuft jetzt');
  }
  expect(page).toContain('1 Abgabe wartet auf Ihre Bewertung');
  expect(page).toContain('Warte, Wim: Reflexion');
  expect(page).toContain(`href="/sessions/${s.past.id}/attendance"`);
  const schedule = (await signIn(ctx.app, s.trainer.email).then((a) => a.get('/schedule'))).text;
  expect(schedule).toContain(`href="/sessions/${s.past.id}/signatures.pdf"`);
});

it('coordinator: their people’s status across cohorts, each linking to the person', async () => {
  const s = await scene();
  const page = (await signIn(ctx.app, s.coordinator.email).then((a) => a.get('/'))).text;
  expect(page).toContain(`href="/people/${s.trainee.id}">Teil, Tilda</a>`);
  expect(page).toContain(`href="/people/${s.waiting.id}">Warte, Wim</a>`);
  expect(page).toMatch(/Abschluss gefährdet: <strong>2<\/strong>/);
  expect(page).toContain('Noch offen: ');
});

it('trainee: the session running now with its video link, assignments due and returned, what is missing for the certificate', async () => {
  const s = await scene();
  const page = (await signIn(ctx.app, s.trainee.email).then((a) => a.get('/'))).text;
  if (s.running) {
    expect(page).toContain('Jetzt teilnehmen');
    expect(page).toContain('href="https://konferenz.example/jetzt"');
  }
  expect(page).toContain(text('dashboard.trainee.assignmentGroups.revise'));
  expect(page).toContain(`href="/assignments/${s.returned.id}">Konfliktlandkarte</a>`);
  expect(page).toContain(`href="/assignments/${s.due.id}">Fallskizze</a>`);
  expect(page).toContain(text('dashboard.trainee.certificateHeading'));
  expect(page).toMatch(/Noch offen: /);
});
