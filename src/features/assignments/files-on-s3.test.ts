import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { binary } from '../../../test/support/pdf';
import { enrol, makeCohort, makeOffering } from '../../../test/support/cohorts';
import { startS3 } from '../../../test/support/s3';
import { assignments, storedFiles } from './table';

// The same hand-in as with local files, with S3_BUCKET set: the files go to a real S3-compatible server.
let s3: Awaited<ReturnType<typeof startS3>>;
let ctx: TestContext;
beforeAll(async () => {
  s3 = await startS3();
  ctx = await createTestContext(s3.env);
});
afterAll(async () => {
  await ctx.close();
  await s3.stop();
});

it('streams a hand-in into the object store and back out, leaving nothing in the incoming folder', async () => {
  expect(ctx.deps.files.kind).toBe('s3');
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { quotas: [[m.id, 10]] });
  const trainer = await makeUser(db, { role: 'trainer' });
  const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
  const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id });
  await enrol(db, c.id, trainee);
  const [a] = await db
    .insert(assignments)
    .values({
      offeringId: offering.id,
      title: 'Konfliktanalyse',
      instructions: 'Eine Seite.',
      dueAt: new Date(ctx.clock.now().getTime() + 7 * 24 * 3600_000),
      expectsFile: true,
      expectsText: false,
      allowedKinds: ['pdf'],
      maxFileMb: 20,
      maxFiles: 1,
      grading: 'bestanden',
      required: true,
      createdById: trainer.id,
    })
    .returning();

  const pdf = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/files/analyse.pdf'));
  const me = await signIn(ctx.app, trainee.email);
  const page = await me.get(`/assignments/${a!.id}`);
  const res = await me
    .post(`/assignments/${a!.id}/submission`)
    .field('_csrf', csrfFrom(page.text))
    .field('submit', 'ja')
    .attach('files', pdf, 'analyse.pdf');
  expect(res.status).toBe(302);

  const [file] = await db.select().from(storedFiles);
  const back = await binary(me.get(`/files/${file!.id}`));
  expect(back.status).toBe(200);
  expect(back.headers['content-type']).toBe('application/pdf');
  expect(Buffer.compare(back.body as Buffer, pdf)).toBe(0);
  const teacher = await signIn(ctx.app, trainer.email);
  expect((await binary(teacher.get(`/files/${file!.id}`))).status).toBe(200);
  expect(fs.readdirSync(ctx.deps.config.incomingDir)).toEqual([]);
  expect(fs.existsSync(path.join(ctx.dataDir, 'files'))).toBe(false);
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, file!.id));
  expect(row!.size).toBe(pdf.length);
});
