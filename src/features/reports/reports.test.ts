import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeAssignment, makeCohort, makeSession } from '../../../test/support/cohorts';
import { makeModule } from '../../../test/support/cohorts';
import { course } from '../catalogue/table';
import { offerings, offeringTrainers } from '../cohorts/table';
import { enrolments } from '../enrolment/table';
import { attendance } from '../attendance/table';
import { submissions } from '../assignments/table';
import { certificates } from '../certificates/table';
import type { Agent } from 'supertest';
import { binary } from '../../../test/support/pdf';

/**
 * A small world with its figures worked out by hand (see the comments): 2 cohorts, 3 municipalities, 4 sectors, a
 * withdrawal, a late enrolment, partial attendance, a correction and a revoked certificate. The rule: one in-person
 * and one online module, 80 % of the UE, required assignments passed.
 */
let ctx: TestContext;
let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  ctx = await createTestContext();
  w = await world();
});
afterAll(() => ctx.close());

async function world() {
  const db = ctx.database.db;
  // the rule of this world: one in-person and one online module, 80 % of the UE, required assignments passed
  const completionRule = {
    minPraesenzModules: 1,
    minOnlineModules: 1,
    requiredAssignmentsPassed: true,
    minUeShare: 0.8,
    lessonsRequired: false,
  };
  await db
    .insert(course)
    .values({
      title: 'KoKoMa',
      summary: '',
      descriptionHtml: '',
      totalHours: 80,
      completionRuleText: '',
      contentHash: 'x',
      completionRule,
    })
    .onConflictDoUpdate({ target: course.id, set: { completionRule } });
  const A = await makeMunicipality(db, { name: 'Aachen-Bericht' });
  const B = await makeMunicipality(db, { name: 'Bochum-Bericht' });
  const C = await makeMunicipality(db, { name: 'Celle-Bericht' });
  const trainer = await makeUser(db, { role: 'trainer', email: 'lehrende-bericht@test.example' });
  const P1m = await makeModule(db, { title: 'Konfliktanalyse (Bericht)' });
  const O1m = await makeModule(db, { title: 'Online-Vertiefung (Bericht)', kind: 'online' });
  const P2m = await makeModule(db, { title: 'Krisenkommunikation (Bericht)' });
  const O2m = await makeModule(db, { title: 'Online-Beteiligung (Bericht)', kind: 'online' });
  const offer = async (cohortId: number, moduleId: number, position: number, trainers: number[] = []) => {
    const [o] = await db.insert(offerings).values({ cohortId, moduleId, position }).returning();
    for (const userId of trainers) await db.insert(offeringTrainers).values({ offeringId: o!.id, userId });
    return o!;
  };
  const K1 = await makeCohort(db, {
    name: 'Bericht K1',
    startsOn: '2026-01-01',
    endsOn: '2026-11-30',
    status: 'laufend',
    quotas: [
      [A.id, 10],
      [B.id, 10],
    ],
  });
  const K2 = await makeCohort(db, {
    name: 'Bericht K2',
    startsOn: '2026-09-01',
    endsOn: '2027-06-30',
    status: 'laufend',
    quotas: [
      [A.id, 10],
      [C.id, 10],
    ],
  });
  const P1 = await offer(K1.id, P1m.id, 1, [trainer.id]);
  const O1 = await offer(K1.id, O1m.id, 2);
  const P2 = await offer(K2.id, P2m.id, 1);
  const O2 = await offer(K2.id, O2m.id, 2);
  // s1, s2: 7 hours (420 min), 8 UE each; s3 online 2 UE; s4 4 UE; s5 and s6 next year
  const s1 = await makeSession(db, P1.id, { date: '2026-03-10', startTime: '09:00', endTime: '16:00', ue: 8 });
  const s2 = await makeSession(db, P1.id, { date: '2026-04-14', startTime: '09:00', endTime: '16:00', ue: 8 });
  const s3 = await makeSession(db, O1.id, {
    date: '2026-05-05',
    startTime: '10:00',
    endTime: '12:00',
    ue: 2,
    kind: 'online',
    location: '',
    videoUrl: 'https://video.example/k1',
  });
  const s4 = await makeSession(db, P2.id, { date: '2026-10-06', startTime: '09:00', endTime: '13:00', ue: 4 });
  await makeSession(db, P2.id, { date: '2027-02-02', startTime: '09:00', endTime: '13:00', ue: 4 });
  await makeSession(db, O2.id, {
    date: '2027-03-02',
    startTime: '10:00',
    endTime: '12:00',
    ue: 2,
    kind: 'online',
    location: '',
    videoUrl: 'https://video.example/k2',
  });
  const person = (
    m: { id: number },
    sector: 'verwaltung' | 'bildung' | 'zivilgesellschaft' | 'sonstiges',
    name: string,
  ) => makeUser(db, { role: 'trainee', municipalityId: m.id, sector, lastName: name, firstName: 'Test' });
  const a1 = await person(A, 'verwaltung', 'Abschluss');
  const a2 = await person(A, 'bildung', 'Teilweise');
  const a3 = await person(A, 'verwaltung', 'Abgemeldet');
  const a4 = await person(A, 'bildung', 'Entschuldigt');
  const b1 = await person(B, 'zivilgesellschaft', 'Spaeter');
  const b2 = await person(B, 'sonstiges', 'Wartend');
  const b3 = await person(B, 'verwaltung', 'Offen');
  const c1 = await person(C, 'zivilgesellschaft', 'Zweiter');
  const c2 = await person(C, 'sonstiges', 'Abgelehnt');
  await enrol(db, K1.id, a1);
  await enrol(db, K1.id, a2);
  const e3 = await enrol(db, K1.id, a3);
  // withdrawn after s1, before s2: s1 counts for a3, s2 and s3 do not
  await db
    .update(enrolments)
    .set({ status: 'abgemeldet', reason: 'Stellenwechsel', decidedAt: new Date('2026-03-20T10:00:00Z') })
    .where(eq(enrolments.id, e3.id));
  await enrol(db, K1.id, b1, 'bestaetigt', new Date('2026-04-01T08:00:00Z')); // late: s1 does not count
  await enrol(db, K1.id, b2, 'warteliste');
  await enrol(db, K1.id, b3, 'nominiert', new Date('2026-04-20T08:00:00Z')); // only s3 counts, and is not marked
  await enrol(db, K2.id, a4);
  await enrol(db, K2.id, c1);
  const e9 = await enrol(db, K2.id, c2, 'abgelehnt');
  await db
    .update(enrolments)
    .set({ seatSince: null, reason: 'Kontingent erschöpft', decidedAt: new Date('2026-08-20T10:00:00Z') })
    .where(eq(enrolments.id, e9.id));
  const mark = (
    sessionId: number,
    userId: number,
    status: 'anwesend' | 'teilweise' | 'entschuldigt' | 'unentschuldigt',
    minutes: number | null = null,
  ) =>
    db
      .insert(attendance)
      .values({ sessionId, userId, status, minutes, source: 'liste', recordedAt: new Date('2026-10-10T10:00:00Z') });
  await mark(s1.id, a1.id, 'anwesend');
  await mark(s1.id, a2.id, 'anwesend');
  await mark(s1.id, a3.id, 'anwesend');
  await mark(s2.id, a1.id, 'anwesend');
  await mark(s2.id, a2.id, 'teilweise', 210); // half of 420 minutes: 4 of 8 UE
  await mark(s2.id, b1.id, 'anwesend');
  await mark(s3.id, a1.id, 'anwesend');
  await mark(s3.id, a2.id, 'unentschuldigt');
  await mark(s3.id, b1.id, 'anwesend');
  await mark(s4.id, a4.id, 'entschuldigt');
  await mark(s4.id, c1.id, 'anwesend');
  const task = await makeAssignment(db, P1.id, { title: 'Fallanalyse', required: true });
  for (const u of [a1, b1])
    await db.insert(submissions).values({
      assignmentId: task.id,
      userId: u.id,
      state: 'bestanden',
      submittedAt: new Date('2026-05-01T10:00:00Z'),
    });
  let n = 0;
  const cert = (
    userId: number,
    cohortId: number,
    kind: 'zertifikat' | 'teilnahme',
    issuedAt: string,
    more: Partial<typeof certificates.$inferInsert> = {},
  ) => {
    n++;
    return db
      .insert(certificates)
      .values({
        number: `KOKOMA-2026-9${String(n).padStart(5, '0')}`,
        code: `berichtcode${n}`,
        kind,
        userId,
        cohortId,
        offeringRef: kind === 'zertifikat' ? 0 : P1.id,
        content: {} as never,
        storageKey: `x/${n}`,
        sha256: 'x',
        issuedAt: new Date(issuedAt),
        ...more,
      })
      .returning();
  };
  await cert(a1.id, K1.id, 'zertifikat', '2026-07-01T10:00:00Z');
  await cert(b1.id, K1.id, 'zertifikat', '2026-06-15T10:00:00Z', {
    state: 'widerrufen',
    revokedAt: new Date('2026-07-10T10:00:00Z'),
    revokeReason: 'Irrtum',
  });
  const [old] = await cert(a1.id, K1.id, 'teilnahme', '2026-06-20T10:00:00Z', { state: 'ersetzt' });
  await cert(a1.id, K1.id, 'teilnahme', '2026-06-25T10:00:00Z', { replacesId: old!.id });
  const coordinatorA = await makeUser(db, {
    role: 'coordinator',
    municipalityId: A.id,
    email: 'koord-a-bericht@test.example',
  });
  const admin = await makeUser(db, { role: 'admin', email: 'spi-bericht@test.example' });
  const trainee = a1;
  return { A, B, C, K1, K2, trainer, coordinatorA, admin, trainee };
}

const year = '/reports?zeitraum=jahr&jahr=2026';
/** The table with this id on the page, as text cells per row (header first). */
function tableOf(html: string, key: string): string[][] {
  const section = new RegExp(`<section aria-labelledby="${key}"[\\s\\S]*?</table>`).exec(html);
  if (!section) throw new Error(`no table ${key}`);
  return [...section[0].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&amp;/g, '&')
        .replace(/&#34;/g, '"')
        .trim(),
    ),
  );
}
const row = (table: string[][], label: string) => table.find((r) => r[0] === label)?.slice(1);

describe('the SPI-Team: the programme in 2026', () => {
  let admin: Agent;
  let html: string;
  beforeAll(async () => {
    admin = await signIn(ctx.app, w.admin.email);
    const res = await admin.get(`${year}&kommune=${w.A.id}&kommune=${w.B.id}&kommune=${w.C.id}`);
    expect(res.status).toBe(200);
    html = res.text;
  });

  it('participation by municipality and by sector, with totals', () => {
    const byM = tableOf(html, 'teilnahmen-kommunen');
    expect(byM[0]).toEqual([
      'Kommune',
      'Nominiert',
      'Bestätigt',
      'Noch nicht entschieden',
      'Warteliste',
      'Abgelehnt',
      'Abgemeldet',
      'Abschluss erreicht',
      'Zertifiziert',
    ]);
    // A: a1, a2, a4 confirmed, a3 withdrawn; a1 completed and certified
    expect(row(byM, 'Aachen-Bericht')).toEqual(['4', '3', '0', '0', '0', '1', '1', '1']);
    // B: b1 confirmed late and completed (certificate revoked), b2 waiting, b3 not decided
    expect(row(byM, 'Bochum-Bericht')).toEqual(['3', '1', '1', '1', '0', '0', '1', '0']);
    // C: c1 confirmed (not complete yet), c2 rejected
    expect(row(byM, 'Celle-Bericht')).toEqual(['2', '1', '0', '0', '1', '0', '0', '0']);
    expect(row(byM, 'Gesamt')).toEqual(['9', '5', '1', '1', '1', '1', '2', '1']);
    const byS = tableOf(html, 'teilnahmen-sektoren');
    expect(row(byS, 'Verwaltung')).toEqual(['3', '1', '1', '0', '0', '1', '1', '1']);
    expect(row(byS, 'Bildung')).toEqual(['2', '2', '0', '0', '0', '0', '0', '0']);
    expect(row(byS, 'Zivilgesellschaft')).toEqual(['2', '2', '0', '0', '0', '0', '1', '0']);
    expect(row(byS, 'Sonstiges')).toEqual(['2', '0', '0', '1', '1', '0', '0', '0']);
    expect(row(byS, 'keine Angabe')).toEqual(['0', '0', '0', '0', '0', '0', '0', '0']);
    const cross = tableOf(html, 'kommunen-sektoren');
    expect(row(cross, 'Aachen-Bericht')).toEqual(['2', '2', '0', '0', '0', '4']);
    expect(row(cross, 'Bochum-Bericht')).toEqual(['1', '0', '1', '1', '0', '3']);
    expect(row(cross, 'Gesamt')).toEqual(['3', '2', '2', '2', '0', '9']);
    expect(row(tableOf(html, 'abmeldegruende'), 'Stellenwechsel')).toEqual(['1']);
  });

  it('delivery: sessions by kind, attendance by module and kind, UE per participation', () => {
    const sessions = tableOf(html, 'termine');
    // s1, s2, s4 in person (20 UE), s3 online (2 UE); s3 lacks b3's mark
    expect(row(sessions, 'Präsenz')).toEqual(['3', '3', '20', '20', '0']);
    expect(row(sessions, 'Online')).toEqual(['1', '1', '2', '2', '1']);
    expect(row(sessions, 'Gesamt')).toEqual(['4', '4', '22', '22', '1']);
    const byModule = tableOf(html, 'anwesenheit-module');
    // P1: s1 24 of 24 UE, s2 a1 8 + a2 4 + b1 8 of 24: 44 of 48
    expect(row(byModule, 'Konfliktanalyse (Bericht)')).toEqual(['4', '48', '44', '92 %']);
    // O1: a1 2, b1 2, a2 0 of 6 recorded (b3 not recorded)
    expect(row(byModule, 'Online-Vertiefung (Bericht)')).toEqual(['4', '6', '4', '67 %']);
    expect(row(byModule, 'Krisenkommunikation (Bericht)')).toEqual(['2', '8', '4', '50 %']);
    expect(row(byModule, 'Gesamt')).toEqual(['7', '62', '52', '84 %']);
    const byKind = tableOf(html, 'anwesenheit-art');
    expect(row(byKind, 'Präsenz')).toEqual(['6', '56', '48', '86 %']);
    expect(row(byKind, 'Online')).toEqual(['4', '6', '4', '67 %']);
    const ue = tableOf(html, 'ue-je-teilnahme');
    // A: 18, 12, 8, 0; B: 10, 0; C: 4; all: 0, 0, 4, 8, 10, 12, 18
    expect(row(ue, 'Aachen-Bericht')).toEqual(['4', '9,5', '10']);
    expect(row(ue, 'Bochum-Bericht')).toEqual(['2', '5', '5']);
    expect(row(ue, 'Celle-Bericht')).toEqual(['1', '4', '4']);
    expect(row(ue, 'Gesamt')).toEqual(['7', '7,4', '8']);
  });

  it('outcomes: modules, qualification, certificates, at risk; and one line per municipality linking to its report', () => {
    const modules = tableOf(html, 'abschluesse-module');
    // P1: a1 and b1 complete; a2 short of UE; a3 without the assignment
    expect(row(modules, 'Konfliktanalyse (Bericht)')).toEqual(['4', '2', '2']);
    expect(row(modules, 'Online-Vertiefung (Bericht)')).toEqual(['4', '2', '0']);
    expect(row(modules, 'Krisenkommunikation (Bericht)')).toEqual(['2', '0', '0']);
    expect(row(modules, 'Online-Beteiligung (Bericht)')).toEqual(['2', '0', '0']);
    const outcomes = tableOf(html, 'abschluesse');
    expect(row(outcomes, 'Qualifizierung abgeschlossen (Regel erfüllt)')).toEqual(['2']);
    expect(row(outcomes, 'Module abgeschlossen (Person × Modul)')).toEqual(['4']);
    expect(row(outcomes, 'Aufgaben bestanden')).toEqual(['2']);
    expect(row(outcomes, 'Bescheinigungen ausgestellt')).toEqual(['3']);
    expect(row(outcomes, 'davon Zertifikate')).toEqual(['2']);
    expect(row(outcomes, 'Bescheinigungen korrigiert (Neuausstellung)')).toEqual(['1']);
    expect(row(outcomes, 'Bescheinigungen widerrufen')).toEqual(['1']);
    // a2 (P1 missed), b3 (joined after P1), a4 (P2 cannot reach 80 %)
    expect(row(outcomes, 'Abschluss gefährdet (laufende Durchgänge)')).toEqual(['3']);
    const overview = tableOf(html, 'kommunen');
    // Aachen's attendance: P1 36 of 40, O1 2 of 4, P2 0 of 4: 38 of 48
    expect(row(overview, 'Aachen-Bericht')).toEqual(['4', '3', '1', '1', '79 %']);
    expect(html).toMatch(new RegExp(`href="/reports\\?[^"]*kommune=${w.C.id}"`));
    expect(html).toContain('Definitionen');
    expect(html).toContain('Anwesenheitsquote: besuchte UE geteilt durch erfasste UE');
    expect(html).toContain('<svg class="bar-chart"');
  });

  it('the cohort filter narrows every figure', async () => {
    const res = await admin.get(`${year}&durchgang=${w.K1.id}`);
    expect(row(tableOf(res.text, 'teilnahmen-kommunen'), 'Gesamt')).toEqual(['6', '3', '1', '1', '0', '1', '2', '1']);
    expect(res.text).not.toContain('Krisenkommunikation (Bericht)');
  });

  it('page, CSV, XLSX and PDF show the same numbers', async () => {
    const query = `zeitraum=jahr&jahr=2026&kommune=${w.A.id}&kommune=${w.B.id}&kommune=${w.C.id}`;
    const keys = [...html.matchAll(/<section aria-labelledby="([a-z-]+)" class="report-table">/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThanOrEqual(10);
    const xlsx = await binary(admin.get(`/reports/bericht.xlsx?${query}`));
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Definitionen', 'Auswahl']));
    expect(wb.worksheets.length).toBe(keys.length + 2);
    for (const [i, key] of keys.entries()) {
      const page = tableOf(html, key);
      const csv = await admin.get(`/reports/tabelle/${key}.csv?${query}`);
      expect(csv.status).toBe(200);
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      const cells = parse(csv.text.slice(1), { delimiter: ';' }) as string[][];
      expect(cells).toEqual(page);
      const sheet = wb.worksheets[i]!;
      const fromSheet: string[][] = [];
      sheet.eachRow((r) => {
        const values = (r.values as unknown[]).slice(1);
        fromSheet.push(values.map((v) => (v === null || v === undefined ? '' : String(v))));
      });
      // numbers are numbers: the page's "92 %" is 0.917 (a share) in the sheet, "9,5" is 9.5
      expect(fromSheet.length).toBe(page.length);
      page.slice(1).forEach((r, j) =>
        r.slice(1).forEach((cell, k) => {
          const v = sheet.getRow(j + 2).getCell(k + 2).value;
          if (/^\d+$/.test(cell)) expect(v).toBe(Number(cell));
          else if (/^\d+ %$/.test(cell)) expect(Math.round((v as number) * 100)).toBe(Number(cell.slice(0, -2)));
          else if (/^\d+,\d$/.test(cell)) expect(v).toBe(Number(cell.replace(',', '.')));
        }),
      );
    }
    const filters = wb.getWorksheet('Auswahl')!;
    expect(filters.getRow(2).getCell(2).value).toEqual(new Date('2026-01-01T00:00:00Z'));
    const pdf = await binary(admin.get(`/reports/bericht.pdf?${query}`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bericht-'));
    fs.writeFileSync(path.join(dir, 'b.pdf'), pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'b.pdf'), '-']).toString();
    const info = execFileSync('pdfinfo', [path.join(dir, 'b.pdf')]).toString();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Sachbericht-Anlage/);
    expect(text).toMatch(/Konfliktanalyse \(Bericht\)\s+4\s+48\s+44\s+92 %/);
    // every row of every table: its figures in order on one line of the PDF
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const key of keys)
      for (const r of tableOf(html, key).slice(1))
        expect([key, r[0], text]).toEqual([
          key,
          r[0],
          expect.stringMatching(new RegExp(r.slice(1).map(esc).join('\\s+'))),
        ]);
    expect(text).toMatch(/Aachen-Bericht\s+4\s+3\s+0\s+0\s+0\s+1\s+1\s+1/);
    expect(text).toContain('Definitionen');
  });
});

describe('a coordinator: their municipality only, small cells suppressed', () => {
  let html: string;
  beforeAll(async () => {
    const agent = await signIn(ctx.app, w.coordinatorA.email);
    // another municipality asked for in the URL is ignored
    const res = await agent.get(`${year}&kommune=${w.B.id}`);
    expect(res.status).toBe(200);
    html = res.text;
  });
  it('shows Aachen only, never other municipalities', () => {
    expect(html).toContain('Bericht für Aachen-Bericht');
    expect(html).not.toContain('Bochum-Bericht');
    expect(html).not.toContain('Celle-Bericht');
    expect(html).not.toContain('teilnahmen-kommunen');
    expect(html).not.toContain('kommunen-sektoren');
  });
  it('suppresses cells of one or two people, and rates resting on them', () => {
    const byS = tableOf(html, 'teilnahmen-sektoren');
    // Verwaltung: a1 (confirmed, completed, certified), a3 (withdrawn)
    expect(row(byS, 'Verwaltung')).toEqual(['< 3', '< 3', '0', '0', '0', '< 3', '< 3', '< 3']);
    // the totals 4 and 3 would give the small cells away (4 = 2 + 2 in two sectors): hidden as well
    expect(row(byS, 'Gesamt')).toEqual(['x', 'x', '0', '0', '0', '< 3', '< 3', '< 3']);
    const byModule = tableOf(html, 'anwesenheit-module');
    // P1 for Aachen: a1, a2, a3: 36 of 40 UE
    expect(row(byModule, 'Konfliktanalyse (Bericht)')).toEqual(['3', '40', '36', '90 %']);
    expect(row(byModule, 'Online-Vertiefung (Bericht)')).toEqual(['< 3', '< 3', '< 3', '< 3']);
    // the UE totals minus P1's would give O1's and P2's away
    expect(row(byModule, 'Gesamt')!.slice(1, 3)).toEqual(['x', 'x']);
    expect(html).toContain('„x“: eine Summe oder ein weiteres Feld');
    // the one withdrawal reason is folded away: it could name the person
    expect(html).not.toContain('Stellenwechsel');
    expect(row(tableOf(html, 'abmeldegruende'), 'weitere Gründe (jeweils seltener)')).toEqual(['< 3']);
    expect(html).not.toContain('/reports/nachweise/');
  });
});

describe('a trainer: the offerings they teach', () => {
  it('shows their module only, and no participation by people', async () => {
    const agent = await signIn(ctx.app, w.trainer.email);
    const res = await agent.get(year);
    expect(res.status).toBe(200);
    expect(row(tableOf(res.text, 'termine'), 'Präsenz')).toEqual(['2', '2', '16', '16', '0']);
    expect(row(tableOf(res.text, 'abschluesse-module'), 'Konfliktanalyse (Bericht)')).toEqual(['4', '< 3', '< 3']);
    expect(res.text).not.toContain('Krisenkommunikation (Bericht)');
    expect(res.text).not.toContain('Online-Vertiefung (Bericht)');
    expect(res.text).not.toContain('teilnahmen-sektoren');
    expect(res.text).not.toContain('Aachen-Bericht');
  });
});

describe('evidence for an audit', () => {
  it('one ZIP per cohort: sessions with date, start, end, UE; signature lists; matrix; register extract', async () => {
    const admin = await signIn(ctx.app, w.admin.email);
    const res = await binary(admin.get(`/reports/nachweise/${w.K1.id}.zip`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      expect.arrayContaining(['liesmich.txt', 'termine.csv', 'anwesenheitsmatrix.csv', 'bescheinigungsregister.csv']),
    );
    expect(names.filter((n) => /^unterschriftenlisten\/0[1-3]-unterschriftenliste-2026-.*\.pdf$/.test(n))).toHaveLength(
      3,
    );
    const sessions = parse((await zip.file('termine.csv')!.async('string')).slice(1), { delimiter: ';' }) as string[][];
    expect(sessions[0]).toEqual([
      'Modul',
      'Art',
      'Datum',
      'Beginn',
      'Ende',
      'Dauer (Minuten)',
      'UE',
      'Ort',
      'Lehrende',
      'Durchgeführt',
    ]);
    expect(sessions[1]).toEqual(
      expect.arrayContaining(['1. Konfliktanalyse (Bericht)', 'Präsenz', '10.03.2026', '09:00', '16:00', '420', '8']),
    );
    const register = await zip.file('bescheinigungsregister.csv')!.async('string');
    expect(register).toContain('widerrufen');
    expect(register).toContain('Irrtum');
    expect(await zip.file('anwesenheitsmatrix.csv')!.async('string')).toContain('Teilweise');
    const signatures = await zip.file(names.find((n) => n.startsWith('unterschriftenlisten/01'))!)!.async('nodebuffer');
    expect(signatures.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await admin.get('/reports/nachweise/99999.zip')).status).toBe(404);
    expect((await admin.get('/reports/nachweise/abc')).status).toBe(404);
    const coordinator = await signIn(ctx.app, w.coordinatorA.email);
    expect((await coordinator.get(`/reports/nachweise/${w.K1.id}.zip`)).status).toBe(403);
  });
});

describe('who may, and bad input', () => {
  it('trainees get 403; signed out goes to the login', async () => {
    const trainee = await signIn(ctx.app, w.trainee.email);
    expect((await trainee.get('/reports')).status).toBe(403);
    expect((await trainee.get('/reports/bericht.xlsx')).status).toBe(403);
  });
  it('a wrong period answers 422 with a German message and the input kept; nothing is exported', async () => {
    const admin = await signIn(ctx.app, w.admin.email);
    const res = await admin.get('/reports?zeitraum=frei&von=31.12.2026&bis=01.01.2026');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Das Enddatum liegt vor dem Anfangsdatum.');
    expect(res.text).toContain('value="31.12.2026"');
    const bad = await admin.get('/reports/bericht.xlsx?zeitraum=jahr&jahr=abc');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Bitte geben Sie ein Jahr');
    expect((await admin.get('/reports?zeitraum=frei&von=2026-02-30&bis=2026-03-01')).status).toBe(422);
    expect((await admin.get(`/reports/tabelle/gibtsnicht.csv?zeitraum=jahr&jahr=2026`)).status).toBe(404);
    expect((await admin.get(`/reports?durchgang=x&durchgang=99999999999&kommune[]=1&jahr[a]=1`)).status).toBe(200);
    // the German form of the dates works as well as the browser's
    expect((await admin.get('/reports?zeitraum=frei&von=1.3.2026&bis=2026-03-31')).status).toBe(200);
  });
});

describe('voluntary statistics (age band), only when content/ switches them on', () => {
  it('is offered in the profile, kept out of person pages, and counted only in aggregate', async () => {
    const db = ctx.database.db;
    const trainee = await signIn(ctx.app, w.trainee.email);
    const profile = await trainee.get('/profile');
    expect(profile.text).not.toContain('Freiwillige Angabe für die Statistik');
    const off = await trainee
      .post('/profile/statistics')
      .type('form')
      .send({ _csrf: csrfFrom(profile.text), ageBand: '30_39' });
    expect(off.status).toBe(404);

    await db.update(course).set({ optionalStatistics: ['altersgruppe'] });
    const on = await trainee.get('/profile');
    expect(on.text).toContain('Freiwillige Angabe für die Statistik');
    expect(on.text).toMatch(/<option value="" selected>keine Angabe<\/option>/);
    const bad = await trainee
      .post('/profile/statistics')
      .type('form')
      .send({ _csrf: csrfFrom(on.text), ageBand: '99_100' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Bitte wählen Sie eine Altersgruppe');
    const saved = await trainee
      .post('/profile/statistics')
      .type('form')
      .send({ _csrf: csrfFrom(on.text), ageBand: '30_39' });
    expect(saved.status).toBe(302);
    expect((await trainee.get('/profile')).text).toMatch(/<option value="30_39" selected>/);

    const admin = await signIn(ctx.app, w.admin.email);
    const report = await admin.get(`${year}&kommune=${w.A.id}&kommune=${w.B.id}&kommune=${w.C.id}`);
    const bands = tableOf(report.text, 'altersgruppen');
    expect(row(bands, '30 bis 39 Jahre')).toEqual(['1', '1']);
    expect(row(bands, 'keine Angabe')).toEqual(['8', '4']);
    const person = await admin.get(`/people/${w.trainee.id}`);
    expect(person.text).not.toContain('30 bis 39');
    const coordinator = await signIn(ctx.app, w.coordinatorA.email);
    expect(row(tableOf((await coordinator.get(year)).text, 'altersgruppen'), '30 bis 39 Jahre')).toEqual([
      '< 3',
      '< 3',
    ]);
    await db.update(course).set({ optionalStatistics: [] });
  });
});
