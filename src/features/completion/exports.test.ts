import { eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit-table';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { binary, pdfInfo, pdfText } from '../../../test/support/pdf';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const fetchBinary = (agent: Awaited<ReturnType<typeof signIn>>, url: string) => binary(agent.get(url));

let runs = 0;

/** A cohort with 32 people (so the signature list runs over two pages), one session marked. */
async function setting() {
  const db = ctx.database.db;
  const m = await makeMunicipality(db, { name: `Görlitz-Export ${++runs}` });
  const trainer = await makeUser(db, { role: 'trainer', firstName: 'Miriam', lastName: 'Hoffmann' });
  const c = await makeCohort(db, { quotas: [[m.id, 40]], seats: 40 });
  const { offering, module } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
  const session = await makeSession(db, offering.id, {
    date: '2026-10-20',
    startTime: '09:00',
    endTime: '12:00',
    ue: 4,
    location: 'Rathaus Görlitz, Untermarkt 6',
  });
  await makeSession(db, offering.id, { date: '2099-10-20' });
  const people = [
    await makeUser(db, { role: 'trainee', municipalityId: m.id, firstName: 'Łukasz', lastName: 'Şahin-Müller' }),
  ];
  for (let i = 0; i < 31; i++)
    people.push(
      await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: `Person ${String(i).padStart(2, '0')}` }),
    );
  for (const p of people) await enrol(db, c.id, p);
  const agent = await signIn(ctx.app, trainer.email);
  const html = (await agent.get(`/sessions/${session.id}/attendance`)).text;
  await agent
    .post(`/sessions/${session.id}/attendance/all-present`)
    .type('form')
    .send({ _csrf: csrfFrom(html) });
  const sheet = (await agent.get(`/sessions/${session.id}/attendance`)).text;
  const lukasz = people[0]!.id;
  const loaded = new RegExp(`name="o_${lukasz}" value="([^"]*)"`).exec(sheet)![1]!;
  await agent
    .post(`/sessions/${session.id}/attendance`)
    .type('form')
    .send({
      _csrf: csrfFrom(sheet),
      [`o_${lukasz}`]: loaded,
      [`s_${lukasz}`]: 'teilweise',
      [`m_${lukasz}`]: '90',
      [`n_${lukasz}`]: '=HYPERLINK("x")',
    });
  return { c, session, module, agent, people };
}

describe('attendance exports', () => {
  it('writes the matrix and the ledger as CSV for German Excel and as XLSX, read back', async () => {
    const { c, agent } = await setting();
    const csv = await fetchBinary(agent, `/cohorts/${c.id}/attendance.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // a list of people left the platform: the audit log says who took which
    const [logged] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'export.attendance'));
    expect(logged).toMatchObject({ subjectType: 'cohort', subjectId: c.id });
    expect((logged!.details as { file: string }).file).toMatch(/^anwesenheit-.*\.csv$/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.subarray(3).toString('utf8'), { delimiter: ';' }) as string[][];
    expect(records[0]!.slice(0, 5)).toEqual(['Nachname', 'Vorname', 'Kommune', '20.10.2026 M1', '20.10.2099 M1']);
    const lukasz = records.find((r) => r[0] === 'Şahin-Müller')!;
    expect(lukasz.slice(1, 5)).toEqual(['Łukasz', 'Görlitz-Export 1', 'teilweise anwesend (90 min)', '']);
    expect(lukasz.slice(5, 8)).toEqual(['2', '4', '50 %']);
    expect(records).toHaveLength(33);

    const ledger = parse((await fetchBinary(agent, `/cohorts/${c.id}/ledger.csv`)).body.subarray(3).toString('utf8'), {
      delimiter: ';',
    }) as string[][];
    expect(ledger[0]).toEqual([
      'Nachname',
      'Vorname',
      'Kommune',
      'Modul',
      'Art',
      'Termine besucht',
      'Termine erfasst',
      'UE besucht',
      'UE erfasst',
      'UE geplant',
      'Quote',
      'Stand',
    ]);
    expect(ledger.find((r) => r[0] === 'Person 00')!.slice(5)).toEqual(['1', '1', '4', '4', '12', '100 %', 'offen']);

    const xlsx = await fetchBinary(agent, `/cohorts/${c.id}/ledger.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Nachname');
    expect(ws.rowCount).toBe(33);
    const matrix = new ExcelJS.Workbook();
    await matrix.xlsx.load((await fetchBinary(agent, `/cohorts/${c.id}/attendance.xlsx`)).body as ArrayBuffer);
    const names: unknown[] = [];
    matrix.worksheets[0]!.eachRow((r) => names.push(r.getCell(1).value));
    expect(names).toContain('Şahin-Müller');
  });

  it('prints the signature list as real text with the session, every person, and page numbers', async () => {
    const { session, agent, module } = await setting();
    const res = await fetchBinary(agent, `/sessions/${session.id}/signatures.pdf`);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.body as Buffer, { layout: true });
    expect(text).toContain('Unterschriftenliste');
    expect(text).toContain(module.title);
    expect(text).toContain('Di., 20.10.2026, 09:00–12:00 Uhr');
    expect(text).toContain('Rathaus Görlitz, Untermarkt 6');
    expect(text).toContain('Miriam Hoffmann');
    expect(text).toContain('Şahin-Müller, Łukasz');
    expect(text).toContain('Person 30');
    expect(text).toContain('Unterschrift');
    expect(text).toContain('Seite 1 von 2');
    expect(text).toContain('Seite 2 von 2');
    const info = pdfInfo(res.body as Buffer);
    expect(info).toMatch(/Title:\s+Unterschriftenliste/);
    expect(info).toMatch(/Pages:\s+2/);
  });

  it('keeps exports to those who may see them', async () => {
    const { c, session, people } = await setting();
    const trainee = await signIn(ctx.app, people[0]!.email);
    expect((await trainee.get(`/cohorts/${c.id}/attendance.csv`)).status).toBe(403);
    const otherTrainer = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'trainer' })).email);
    expect((await otherTrainer.get(`/cohorts/${c.id}/ledger.xlsx`)).status).toBe(404);
    expect((await otherTrainer.get(`/sessions/${session.id}/signatures.pdf`)).status).toBe(404);
    const elsewhere = await makeUser(ctx.database.db, {
      role: 'coordinator',
      municipalityId: (await makeMunicipality(ctx.database.db)).id,
    });
    expect((await (await signIn(ctx.app, elsewhere.email)).get(`/cohorts/${c.id}/attendance.csv`)).status).toBe(404);
  });
});
