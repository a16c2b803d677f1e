import yauzl from 'yauzl';
import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import {
  enrol,
  makeAssignment,
  makeCohort,
  makeOffering,
  makeSession,
  makeSubmission,
} from '../../../test/support/cohorts';
import { text } from '../../../test/support/texts';
import { t } from '../../platform/i18n';
import { auditLog } from '../../platform/audit-table';
import { attendance } from '../attendance/table';
import { storedFiles } from '../assignments/table';
import { certificates } from '../certificates/table';
import { mfaTotp } from '../mfa/table';
import { personColumns } from './collect';
import { dataExports } from './table';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** The entries of a ZIP and their bytes. */
function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

it('names every part of the export in German: every column of the schema that refers to a person', () => {
  for (const { name } of personColumns())
    if (!name.startsWith('audit_log.')) expect(t(`myData.sections.${name.replace('.', '__')}`)).not.toBe('');
  expect(t('myData.sections.audit_log')).not.toBe('');
});

it('builds one ZIP with everything about the person, their files, and no secrets; the download is logged', async () => {
  const db = ctx.database.db;
  const person = await makeUser(db, { role: 'trainee', firstName: 'Łukasz', lastName: 'Şahin-Müller' });
  const cohort = await makeCohort(db, {});
  const { offering } = await makeOffering(db, cohort.id);
  const session = await makeSession(db, offering.id);
  await enrol(db, cohort.id, person);
  await db.insert(attendance).values({
    sessionId: session.id,
    userId: person.id,
    status: 'anwesend',
    source: 'liste',
    recordedAt: ctx.clock.now(),
  });
  const assignment = await makeAssignment(db, offering.id);
  const { file } = await makeSubmission(db, assignment.id, person.id);
  const handIn = await ctx.deps.files.put(Buffer.from('%PDF-1.4 meine Konfliktanalyse'));
  await db
    .update(storedFiles)
    .set({ storageKey: handIn.key, originalName: 'Analyse: Teil 1.pdf' })
    .where(eq(storedFiles.id, file.id));
  const pdf = await ctx.deps.files.put(Buffer.from('%PDF-1.4 Zertifikat'));
  await db.insert(certificates).values({
    number: 'KOKOMA-2026-000001',
    code: 'ABCDE-FGHJK',
    kind: 'zertifikat',
    userId: person.id,
    cohortId: cohort.id,
    offeringRef: 0,
    content: {} as never,
    storageKey: pdf.key,
    sha256: pdf.sha256,
    issuedAt: ctx.clock.now(),
  });
  const agent = await signIn(ctx.app, person.email);
  await db.insert(mfaTotp).values({ userId: person.id, secret: 'v1.GEHEIMNIS-DER-APP', confirmedAt: ctx.clock.now() });
  const page = await agent.get('/profile/data');
  expect(page.status).toBe(200);
  const requested = await agent
    .post('/profile/data')
    .type('form')
    .send({ _csrf: csrfFrom(page.text) });
  expect(requested.status).toBe(302);
  await ctx.deps.jobs.settled();
  const mail = await ctx.smtp.mailTo(person.email, text('myDataMail.readySubject'));
  expect(mail.text).toContain('http://campus.test/profile/data');
  const [row] = await db.select().from(dataExports).where(eq(dataExports.userId, person.id));
  expect(row!.state).toBe('fertig');

  const list = await agent.get('/profile/data');
  expect(list.text).toContain(`href="/profile/data/${row!.id}.zip"`);
  const res = await agent.get(`/profile/data/${row!.id}.zip`).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  const entries = await unzip(res.body as Buffer);
  expect([...entries.keys()]).toEqual(
    expect.arrayContaining([
      'uebersicht.html',
      'daten.json',
      'csv/enrolments__user_id.csv',
      'csv/attendance__user_id.csv',
      'csv/submissions__user_id.csv',
      'csv/certificates__user_id.csv',
      'bescheinigungen/KOKOMA-2026-000001.pdf',
    ]),
  );
  const handInEntry = [...entries.keys()].find((k) => k.startsWith('abgaben/') && k.endsWith('Analyse_ Teil 1.pdf'));
  expect(entries.get(handInEntry!)!.toString()).toBe('%PDF-1.4 meine Konfliktanalyse');
  const json = entries.get('daten.json')!.toString();
  const data = JSON.parse(json);
  expect(data.person).toMatchObject({ email: person.email, lastName: 'Şahin-Müller', hasPassword: true });
  expect(Object.keys(data.sections)).toEqual(
    expect.arrayContaining([
      'enrolments.user_id',
      'attendance.user_id',
      'submissions.user_id',
      'certificates.user_id',
      'sessions.user_id',
      'audit_log',
      'mfa_totp.user_id',
    ]),
  );
  // no secret leaves: password hash, authenticator secret, session ids
  expect(json).not.toContain('GEHEIMNIS');
  expect(json).not.toContain('passwordHash');
  expect(json).not.toContain(person.passwordHash!);
  expect(data.sections['sessions.user_id'][0]).not.toHaveProperty('sid');
  expect(entries.get('uebersicht.html')!.toString()).toContain('Łukasz');
  const logged = await db.select().from(auditLog).where(eq(auditLog.action, 'data.export_downloaded'));
  expect(logged).toHaveLength(1);

  // someone else's export is not there for anyone else; after a week it is gone, with its file
  const other = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
  expect((await other.get(`/profile/data/${row!.id}.zip`)).status).toBe(404);
  ctx.clock.advance(7 * 24 * 3_600_000 + 1000);
  await db.delete(mfaTotp).where(eq(mfaTotp.userId, person.id));
  const again = await signIn(ctx.app, person.email);
  expect((await again.get(`/profile/data/${row!.id}.zip`)).status).toBe(404);
  expect(await ctx.deps.myData.deleteExpired()).toBe(1);
  await expect(ctx.deps.files.read(row!.storageKey!)).rejects.toThrow();
});

it('builds one export at a time per person', async () => {
  const person = await makeUser(ctx.database.db, { role: 'coordinator' });
  const agent = await signIn(ctx.app, person.email);
  const token = csrfFrom((await agent.get('/profile/data')).text);
  // the job is not kicked in between: both requests find the first one still waiting
  await ctx.database.db.insert(dataExports).values({ userId: person.id });
  await agent.post('/profile/data').type('form').send({ _csrf: token });
  expect(await ctx.database.db.select().from(dataExports).where(eq(dataExports.userId, person.id))).toHaveLength(1);
});
