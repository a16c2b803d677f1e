import { createTestContext, csrfFrom, signIn, type TestContext } from './support/app';
import { makeMunicipality, makeUser } from './support/builders';
import { enrol, makeAssignment, makeCohort, makeOffering } from './support/cohorts';
import { CONTENT_TYPES, peakGrowth, zipOf } from './support/zip-bomb';
import { enrolmentImports } from '../src/features/enrolment/table';
import { submissions } from '../src/features/assignments/table';
import { text } from './support/texts';

/**
 * Real zip bombs, built in the test: archives of about 1–2 MB that inflate past a gigabyte, or whose headers lie about
 * their sizes, or that hold thousands of parts. Every archive the app opens must refuse them with a German form error,
 * and the process's memory must stay flat while it does.
 */
let ctx: TestContext;
const GB = 1024 * 1024 * 1024;
let xlsxBomb: Buffer;
let docxBomb: Buffer;
let liar: Buffer;

beforeAll(async () => {
  ctx = await createTestContext();
  xlsxBomb = await zipOf([
    { name: '[Content_Types].xml', text: CONTENT_TYPES },
    { name: 'xl/workbook.xml', text: '<workbook/>' },
    { name: 'xl/worksheets/sheet1.xml', zeros: 1.1 * GB },
  ]);
  docxBomb = await zipOf([
    { name: '[Content_Types].xml', text: CONTENT_TYPES },
    { name: 'word/document.xml', zeros: 1.1 * GB },
  ]);
  // declares 2 KB, inflates to 300 MB: only counting while inflating catches it
  liar = await zipOf([
    { name: '[Content_Types].xml', text: CONTENT_TYPES },
    { name: 'xl/workbook.xml', text: '<workbook/>' },
    { name: 'xl/worksheets/sheet1.xml', zeros: 300 * 1024 * 1024, declare: 2048 },
  ]);
}, 120_000);
afterAll(() => ctx.close());

it('the bombs are what they claim: small on the wire', () => {
  expect(xlsxBomb.length).toBeLessThan(2 * 1024 * 1024);
  expect(docxBomb.length).toBeLessThan(2 * 1024 * 1024);
});

describe('list import (XLSX)', () => {
  async function coordinatorUpload(file: Buffer) {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const c = await makeCohort(db, { seats: 20, quotas: [[m.id, 5]] });
    const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
    const agent = await signIn(ctx.app, coordinator.email);
    const token = csrfFrom((await agent.get(`/cohorts/${c.id}/nominate`)).text);
    return peakGrowth(() =>
      agent.post(`/cohorts/${c.id}/imports`).field('_csrf', token).attach('file', file, 'liste.xlsx'),
    );
  }

  it.each([
    ['a 1.1 GB sheet in a 1 MB file', () => xlsxBomb],
    ['a sheet that lies about its size', () => liar],
  ])('refuses %s with a German message, memory flat', async (_name, file) => {
    const before = (await ctx.database.db.select().from(enrolmentImports)).length;
    const { result: res, growthMb } = await coordinatorUpload(file());
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/ist entpackt viel größer|ließ sich nicht als Excel-Tabelle/);
    expect(growthMb).toBeLessThan(100);
    expect((await ctx.database.db.select().from(enrolmentImports)).length).toBe(before);
  });

  it('refuses an archive with thousands of parts', async () => {
    const many = await zipOf([
      { name: '[Content_Types].xml', text: CONTENT_TYPES },
      ...Array.from({ length: 300 }, (_, i) => ({ name: `xl/teil${i}.xml`, text: '<x/>' })),
    ]);
    const { result: res } = await coordinatorUpload(many);
    expect(res.status).toBe(422);
    expect(res.text).toContain(text('enrolment.msg.xlsxTooLarge'));
  });
});

describe('hand-ins (Office files recognised by their parts)', () => {
  async function handIn(file: Buffer, name: string) {
    const db = ctx.database.db;
    const m = await makeMunicipality(db);
    const c = await makeCohort(db, { quotas: [[m.id, 10]] });
    const { offering } = await makeOffering(db, c.id);
    const a = await makeAssignment(db, offering.id, {
      allowedKinds: ['pdf', 'docx', 'xlsx'],
      dueAt: new Date(Date.now() + 86_400_000),
    });
    const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id });
    await enrol(db, c.id, trainee);
    const agent = await signIn(ctx.app, trainee.email);
    const token = csrfFrom((await agent.get(`/assignments/${a.id}`)).text);
    const measured = await peakGrowth(() =>
      agent
        .post(`/assignments/${a.id}/submission`)
        .field('_csrf', token)
        .field('submit', 'ja')
        .attach('files', file, name),
    );
    return { ...measured, assignmentId: a.id };
  }

  it('refuses a DOCX that inflates past a gigabyte: 422, a German message, nothing stored, memory flat', async () => {
    const { result: res, growthMb, assignmentId } = await handIn(docxBomb, 'hausarbeit.docx');
    expect(res.status).toBe(422);
    expect(res.text).toContain('entpackt ein Vielfaches seiner Größe');
    expect(growthMb).toBeLessThan(100);
    const { eq } = await import('drizzle-orm');
    expect(await ctx.database.db.select().from(submissions).where(eq(submissions.assignmentId, assignmentId))).toEqual(
      [],
    );
  });

  it('refuses a DOCX with thousands of parts', async () => {
    const many = await zipOf([
      { name: '[Content_Types].xml', text: CONTENT_TYPES },
      { name: 'word/document.xml', text: '<w/>' },
      ...Array.from({ length: 5001 }, (_, i) => ({ name: `word/media/bild${i}.xml`, text: '' })),
    ]);
    const { result: res } = await handIn(many, 'viele-teile.docx');
    expect(res.status).toBe(422);
    expect(res.text).toContain('entpackt ein Vielfaches seiner Größe');
  });
});
