import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestContext, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { binary } from '../../../test/support/pdf';
import { personLedger, type LedgerOffering, type LedgerSession, type Mark } from './ledger';
import { attendance, ATTENDANCE_STATUSES } from './table';

const rule = { minPraesenzModules: 2, minOnlineModules: 1, requiredAssignmentsPassed: true, minUeShare: 0.8 };
const NOW = new Date('2027-03-10T12:00:00Z');
const HOUR = 3_600_000;

/** Sessions around NOW (past, running, future), any UE, any mark (partial minutes even beyond the session). */
const world = fc
  .record({
    offerings: fc.integer({ min: 1, max: 4 }),
    sessions: fc.array(
      fc.record({
        offering: fc.nat(3),
        startHours: fc.integer({ min: -400, max: 400 }),
        minutes: fc.integer({ min: 30, max: 600 }),
        ue: fc.integer({ min: 0, max: 16 }),
        online: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    marks: fc.array(
      fc.record({
        session: fc.nat(11),
        status: fc.constantFrom(...ATTENDANCE_STATUSES),
        minutes: fc.integer({ min: 1, max: 1200 }),
      }),
      { maxLength: 12 },
    ),
    seatSinceHours: fc.option(fc.integer({ min: -500, max: 100 })),
    leftAtHours: fc.option(fc.integer({ min: -300, max: 300 })),
  })
  .map((w) => {
    const offerings: LedgerOffering[] = Array.from({ length: w.offerings }, (_, i) => ({
      id: i + 1,
      title: `M${i + 1}`,
      moduleKind: i % 2 ? 'online' : 'praesenz',
      position: i + 1,
    }));
    const sessions: LedgerSession[] = w.sessions.map((s, i) => {
      const offering = offerings[s.offering % offerings.length]!;
      const start = new Date(NOW.getTime() + s.startHours * HOUR);
      return {
        id: i + 1,
        offeringId: offering.id,
        kind: s.online ? 'online' : 'praesenz',
        moduleKind: offering.moduleKind,
        ue: s.ue,
        duration: s.minutes,
        start,
        end: new Date(start.getTime() + s.minutes * 60_000),
      };
    });
    const marks = new Map<number, Mark>();
    for (const m of w.marks)
      if (m.session < sessions.length)
        marks.set(m.session + 1, { status: m.status, minutes: m.status === 'teilweise' ? m.minutes : null });
    const person = {
      seatSince: w.seatSinceHours === null ? null : new Date(NOW.getTime() + w.seatSinceHours * HOUR),
      leftAt: w.leftAtHours === null ? null : new Date(NOW.getTime() + w.leftAtHours * HOUR),
    };
    return { offerings, sessions, marks, person };
  });

describe('the hours ledger, for any sessions and marks', () => {
  it('never counts more attended than recorded, nor more recorded than scheduled: shares stay within 0–100 %', () => {
    fc.assert(
      fc.property(world, ({ offerings, sessions, marks, person }) => {
        const l = personLedger({ person, offerings, sessions, marks, now: NOW, rule });
        for (const o of [...l.offerings, l]) {
          expect(o.ueAttended).toBeGreaterThanOrEqual(0);
          expect(o.ueAttended).toBeLessThanOrEqual(o.ueDue + 1e-9);
          expect(o.ueDue).toBeLessThanOrEqual(o.ueScheduled);
          if (o.rate !== null) expect(o.rate).toBeGreaterThanOrEqual(0);
          if (o.rate !== null) expect(o.rate).toBeLessThanOrEqual(1);
        }
        for (const o of l.offerings) {
          expect(o.attendedByKind.praesenz + o.attendedByKind.online).toBeLessThanOrEqual(o.sessionsDue);
          expect(o.sessionsDue).toBeLessThanOrEqual(o.sessions);
        }
        expect(l.praesenzDone).toBeLessThanOrEqual(l.praesenzOffered);
        expect(l.onlineDone).toBeLessThanOrEqual(l.onlineOffered);
      }),
      { numRuns: 500 },
    );
  });

  it('counts a running session the same whether the mark came from a check-in or the sheet, and only once it has begun', () => {
    fc.assert(
      fc.property(world, ({ offerings, sessions, marks, person }) => {
        const l = personLedger({ person, offerings, sessions, marks, now: NOW, rule });
        const counted = sessions.filter(
          (s) => person.seatSince && person.seatSince <= s.start && (!person.leftAt || person.leftAt > s.start),
        );
        const begunAndMarked = counted.filter((s) => s.start <= NOW && marks.has(s.id));
        expect(l.ueDue).toBe(begunAndMarked.reduce((a, s) => a + s.ue, 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe('page, CSV and XLSX', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('show the same attended, recorded and share for every person, whatever was marked', async () => {
    const now = ctx.clock.now();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            hoursAgo: fc.integer({ min: -48, max: 200 }),
            ue: fc.integer({ min: 1, max: 8 }),
            marks: fc.array(fc.option(fc.constantFrom(...ATTENDANCE_STATUSES)), { minLength: 3, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (plan) => {
          const db = ctx.database.db;
          const m = await makeMunicipality(db);
          const c = await makeCohort(db, { startsOn: '2020-01-01', endsOn: '2040-12-31', quotas: [[m.id, 10]] });
          const { offering } = await makeOffering(db, c.id);
          const people = [];
          for (let i = 0; i < 3; i++) {
            const p = await makeUser(db, {
              role: 'trainee',
              municipalityId: m.id,
              firstName: `P${i}`,
              lastName: `Eigenschaft${c.id}`,
            });
            await enrol(db, c.id, p, 'bestaetigt', new Date('2020-01-02T00:00:00Z'));
            people.push(p);
          }
          const seen = new Set<number>();
          for (const s of plan) {
            if (seen.has(s.hoursAgo)) continue; // the same session twice is refused (and is not a plan anyone makes)
            seen.add(s.hoursAgo);
            // a two-hour session starting hoursAgo hours ago (negative: in the future; 0–1: running now)
            const start = new Date(now.getTime() - s.hoursAgo * HOUR);
            const berlin = new Intl.DateTimeFormat('sv-SE', {
              timeZone: 'Europe/Berlin',
              dateStyle: 'short',
              timeStyle: 'short',
            })
              .format(start)
              .split(' ');
            const [h, mi] = berlin[1]!.split(':').map(Number) as [number, number];
            if (h >= 22) continue; // keep the session within its day
            const session = await makeSession(db, offering.id, {
              date: berlin[0]!,
              startTime: `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00`,
              endTime: `${String(h + 2).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00`,
              ue: s.ue,
            });
            for (const [i, status] of s.marks.entries()) {
              if (status && s.hoursAgo >= 0)
                await db.insert(attendance).values({
                  sessionId: session.id,
                  userId: people[i]!.id,
                  status,
                  minutes: status === 'teilweise' ? 45 : null,
                  source: 'liste',
                  recordedAt: now,
                });
            }
          }
          const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
          const page = (await admin.get(`/cohorts/${c.id}/attendance`)).text;
          const csv = parse((await admin.get(`/cohorts/${c.id}/attendance.csv`)).text.replace(/^\uFEFF/, ''), {
            delimiter: ';',
          }) as string[][];
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(
            (await binary(admin.get(`/cohorts/${c.id}/attendance.xlsx`))).body as unknown as ArrayBuffer,
          );
          const sheet = wb.worksheets[0]!;
          const header = csv[0]!;
          const col = (name: string) => header.indexOf(name);
          for (const p of people) {
            const row = csv.find((r) => r[1] === p.firstName)!;
            const [attended, recorded, share] = [row[col('UE besucht')]!, row[col('UE erfasst')]!, row[col('Quote')]!];
            expect(Number(attended.replace(',', '.') || 0)).toBeLessThanOrEqual(Number(recorded));
            if (share) expect(Number(share.replace(' %', ''))).toBeLessThanOrEqual(100);
            const cells =
              /<\/th>[\s\S]*?kern-table__cell--numeric">([^<]*) \/ (\d+)<\/td>\s*<td class="kern-table__cell kern-table__cell--numeric">([^<]*)<\/td>/.exec(
                page.slice(page.indexOf(`${p.lastName}, ${p.firstName}`)),
              )!;
            // nothing recorded yet: the page writes a dash where the files leave the cell empty
            expect([cells[1], cells[2], cells[3] === '–' ? '' : cells[3]]).toEqual([attended || '0', recorded, share]);
            let xlsxRow: string[] = [];
            sheet.eachRow((r) => {
              const values = (r.values as unknown[]).slice(1).map((v) => String(v ?? ''));
              if (values[1] === p.firstName) xlsxRow = values;
            });
            expect([xlsxRow[col('UE besucht')] ?? '', xlsxRow[col('UE erfasst')], xlsxRow[col('Quote')] ?? '']).toEqual(
              [attended, recorded, share],
            );
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
