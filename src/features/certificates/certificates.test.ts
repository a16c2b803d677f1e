import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import request from 'supertest';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { binary, pdfInfo, pdfText, qrOnFirstPage } from '../../../test/support/pdf';
import { enrol, makeCohort, makeOffering, makeSession } from '../../../test/support/cohorts';
import { LocalDiskStore, type FileSource } from '../../platform/files/store';
import { attendance } from '../attendance/table';
import { users } from '../accounts/table';
import { certificateEvents, certificateRuns, certificates } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A cohort with four in-person modules and one online follow-up, all attended by two people: both may be certified. */
async function setting() {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const c = await makeCohort(db, { quotas: [[m.id, 10]] });
  const holder = await makeUser(db, {
    role: 'trainee',
    municipalityId: m.id,
    firstName: 'Łukasz',
    lastName: 'Şahin-Müller',
  });
  const second = await makeUser(db, { role: 'trainee', municipalityId: m.id, firstName: 'Zoë', lastName: 'Ørsted' });
  const absent = await makeUser(db, { role: 'trainee', municipalityId: m.id, lastName: 'Fehlt' });
  for (const p of [holder, second, absent]) await enrol(db, c.id, p);
  for (let i = 1; i <= 5; i++) {
    const { offering } = await makeOffering(db, c.id, { position: i, kind: i === 5 ? 'online' : 'praesenz' });
    const s = await makeSession(db, offering.id, {
      date: `2026-0${i}-15`,
      ue: 8,
      kind: i === 5 ? 'online' : 'praesenz',
    });
    await db.insert(attendance).values(
      [holder, second].map((p) => ({
        sessionId: s.id,
        userId: p.id,
        status: 'anwesend' as const,
        source: 'liste' as const,
        recordedAt: new Date('2026-06-01'),
      })),
    );
  }
  const admin = await signIn(ctx.app, (await makeUser(db, { role: 'admin' })).email);
  return { db, m, c, holder, second, absent, admin };
}

const countIssued = async (cohortId: number) =>
  (await ctx.database.db.select().from(certificates).where(eq(certificates.cohortId, cohortId))).length;

/** Starts the bulk run ("Alles Offene", or one kind) and waits until it has worked through. */
async function issueAll(admin: Awaited<ReturnType<typeof signIn>>, cohortId: number, kind = '') {
  const page = await admin.get(`/cohorts/${cohortId}/certificates`);
  const res = await admin
    .post(`/cohorts/${cohortId}/certificates`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), kind });
  await ctx.deps.jobs.settled();
  return res;
}

describe('the bulk run', () => {
  it('shows its progress while it works, and its result when done', async () => {
    const { c, admin } = await setting();
    // hold every certificate after the third before it is counted (the run issues two at a time), to look half way
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atThree = new Promise<void>((r) => (reached = r));
    let seen = 0;
    const issue = ctx.deps.certificates.issue;
    const spy = jest.spyOn(ctx.deps.certificates, 'issue').mockImplementation((actor, cohortId, targets, onEach) =>
      issue(actor, cohortId, targets, async (r) => {
        const n = ++seen;
        if (n > 3) await gate;
        await onEach?.(r);
        if (n === 3) reached();
      }),
    );
    try {
      const page = await admin.get(`/cohorts/${c.id}/certificates`);
      const start = await admin
        .post(`/cohorts/${c.id}/certificates`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) });
      const runUrl = start.headers.location!;
      await atThree;
      expect((await admin.get(`${runUrl}/status`)).body).toEqual({
        state: 'laufend',
        done: 3,
        total: 12,
        created: 3,
        existing: 0,
      });
      const half = await admin.get(runUrl);
      expect(half.text).toContain('<progress id="run-progress" max="12" value="3">');
      expect(half.text).toContain('3 von 12 Bescheinigungen bearbeitet');
      expect(half.text).toContain('Stand aktualisieren'); // without JavaScript
      expect(half.text).toContain('/assets/run-progress.js');
      expect((await admin.get(`/cohorts/${c.id}/certificates`)).text).toContain('Letzte Ausstellung: läuft, 3 von 12');
    } finally {
      release();
      await ctx.deps.jobs.settled();
      spy.mockRestore();
    }
    const [run] = await ctx.database.db.select().from(certificateRuns).where(eq(certificateRuns.cohortId, c.id));
    expect((await admin.get(`/certificate-runs/${run!.id}/status`)).body).toEqual({
      state: 'fertig',
      done: 12,
      total: 12,
      created: 12,
      existing: 0,
    });
    const done = await admin.get(`/certificate-runs/${run!.id}`);
    expect(done.text).toContain('Fertig. Neu ausgestellt: 12; schon vorher ausgestellt: 0.');
    expect(done.text).not.toContain('run-progress.js');
  });

  it('keeps what a failed run issued, and a new run issues the rest', async () => {
    const { c, admin } = await setting();
    // the sixth file cannot be written: that certificate is not issued, the run stops
    let puts = 0;
    const put = LocalDiskStore.prototype.put;
    const spy = jest.spyOn(LocalDiskStore.prototype, 'put').mockImplementation(function (
      this: LocalDiskStore,
      source: FileSource,
    ) {
      return ++puts === 6 ? Promise.reject(new Error('disk full')) : put.call(this, source);
    });
    const first = await issueAll(admin, c.id);
    spy.mockRestore();
    const status = (await admin.get(`${first.headers.location}/status`)).body;
    const issued = await countIssued(c.id);
    // five, or six when the other half of the pair was already under way: the count and the register agree
    expect([status.state, status.done, status.total]).toEqual(['fehlgeschlagen', issued, 12]);
    expect(issued).toBeGreaterThanOrEqual(5);
    expect(issued).toBeLessThan(12);
    const failed = await admin.get(first.headers.location!);
    expect(failed.text).toContain(
      `nach ${issued} von 12 Bescheinigungen abgebrochen: Ein unerwarteter Fehler ist aufgetreten`,
    );
    expect(failed.text).not.toContain('disk full'); // details go to the log, not the page

    const retry = await admin
      .post(`/cohorts/${c.id}/certificates`)
      .type('form')
      .send({ _csrf: csrfFrom(failed.text) });
    await ctx.deps.jobs.settled();
    expect(retry.headers.location).not.toBe(first.headers.location);
    expect((await admin.get(`${retry.headers.location}/status`)).body).toEqual({
      state: 'fertig',
      done: 12 - issued,
      total: 12 - issued,
      created: 12 - issued,
      existing: 0,
    });
    expect(await countIssued(c.id)).toBe(12);
  });

  it('issues only the chosen kind', async () => {
    const { c, admin } = await setting();
    const odd = await admin
      .post(`/cohorts/${c.id}/certificates`)
      .type('form')
      .send({ _csrf: csrfFrom((await admin.get(`/cohorts/${c.id}/certificates`)).text), kind: 'urkunde' });
    expect(odd.status).toBe(422);
    expect(odd.text).toContain(text('certificates.run.chooseInvalid'));
    expect(await countIssued(c.id)).toBe(0);
    const run = await issueAll(admin, c.id, 'zertifikat');
    expect((await admin.get(run.headers.location!)).text).toContain('<p class="kern-body">Zertifikate</p>');
    const issued = await ctx.database.db.select().from(certificates).where(eq(certificates.cohortId, c.id));
    expect(issued.map((x) => x.kind)).toEqual(['zertifikat', 'zertifikat']);
    expect((await admin.get(`/cohorts/${c.id}/certificates`)).text).toContain('Alles Offene (10)');
  });

  it('does not let a run cut off by a restart block the cohort', async () => {
    const { db, c, admin } = await setting();
    const long = new Date(ctx.clock.now().getTime() - 5 * 60_000);
    const [orphan] = await db
      .insert(certificateRuns)
      .values({ cohortId: c.id, total: 12, done: 4, startedAt: long, updatedAt: long })
      .returning();
    expect((await admin.get(`/certificate-runs/${orphan!.id}/status`)).body.state).toBe('unterbrochen');
    const page = await admin.get(`/certificate-runs/${orphan!.id}`);
    expect(page.text).toContain('kommt seit über einer Minute nicht weiter');
    const restart = await admin
      .post(`/cohorts/${c.id}/certificates`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    await ctx.deps.jobs.settled();
    expect(restart.headers.location).not.toBe(`/certificate-runs/${orphan!.id}`);
    const [old] = await db.select().from(certificateRuns).where(eq(certificateRuns.id, orphan!.id));
    expect(old!.state).toBe('abgebrochen');
    expect(await countIssued(c.id)).toBe(12);
  });
});

describe('issuing certificates', () => {
  it('previews who gets what, issues deliberately, never twice, and the PDF is real text with a working QR code', async () => {
    const { db, c, holder, admin } = await setting();
    const preview = await admin.get(`/cohorts/${c.id}/certificates`);
    expect(preview.text).toContain('Alles Offene (12)'); // 2 × (Zertifikat + 5 Teilnahmebescheinigungen)
    expect(preview.text).toContain('Nur Zertifikate (2)');
    expect(preview.text).toContain('Nur Teilnahmebescheinigungen (10)');
    expect(preview.text).toContain('Noch offen: 4 Präsenzmodule, 1 Online-Vertiefung');
    expect(await db.select().from(certificates).where(eq(certificates.cohortId, c.id))).toHaveLength(0); // a preview issues nothing

    const [a, b] = await Promise.all([issueAll(admin, c.id), issueAll(admin, c.id)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.location).toMatch(/^\/certificate-runs\/\d+$/);
    expect(b.headers.location).toBe(a.headers.location); // the second click joins the running run
    const issued = await db.select().from(certificates).where(eq(certificates.cohortId, c.id));
    expect(issued).toHaveLength(12);
    expect(new Set(issued.map((x) => x.number)).size).toBe(12);
    expect(issued.every((x) => /^KOKOMA-\d{4}-\d{6}$/.test(x.number))).toBe(true);
    expect(ctx.smtp.received.filter((r) => r.to.includes(holder.email))).toHaveLength(0); // never a surprise e-mail
    const again = await issueAll(admin, c.id);
    expect(again.headers.location).toBe(`/cohorts/${c.id}/certificates`);
    expect((await admin.get(again.headers.location!)).text).toContain(
      'In diesem Durchgang ist nichts mehr auszustellen.',
    );
    expect(await db.select().from(certificates).where(eq(certificates.cohortId, c.id))).toHaveLength(12);

    const cert = issued.find((x) => x.userId === holder.id && x.kind === 'zertifikat')!;
    const pdf = (await binary(admin.get(`/certificates/${cert.id}.pdf`))).body as Buffer;
    const text = pdfText(pdf);
    expect(text).toContain('Zertifikat');
    expect(text).toContain('Łukasz Şahin-Müller');
    expect(text).toContain('Kommunale:r Konfliktmanager:in');
    expect(text).toContain(cert.number);
    expect(text).toContain('Insgesamt 40 Unterrichtseinheiten');
    expect(text).toContain('Stiftung SPI');
    expect(pdfInfo(pdf)).toMatch(/Title:\s+Zertifikat Łukasz Şahin-Müller/);
    expect(qrOnFirstPage(pdf)).toBe(`http://campus.test/verify/${cert.code}`);
  });

  it('corrects with a new version after a name change, revokes with a reason, and the public page says so', async () => {
    const { db, c, holder, admin } = await setting();
    await issueAll(admin, c.id);
    const [cert] = await db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, holder.id), eq(certificates.kind, 'zertifikat')));
    await db.update(users).set({ lastName: 'Şahin' }).where(eq(users.id, holder.id));
    expect((await request(ctx.app).get(`/verify/${cert!.code}`)).text).toContain('Łukasz Şahin-Müller'); // the issued one never changes silently

    const detail = await admin.get(`/certificates/${cert!.id}`);
    const corrected = await admin
      .post(`/certificates/${cert!.id}/correct`)
      .type('form')
      .send({ _csrf: csrfFrom(detail.text), reason: 'Namensänderung nach Heirat' });
    expect(corrected.status).toBe(302);
    const [old] = await db.select().from(certificates).where(eq(certificates.id, cert!.id));
    const [fresh] = await db.select().from(certificates).where(eq(certificates.id, old!.replacedById!));
    expect([old!.state, fresh!.state, fresh!.content.holderName, fresh!.replacesId]).toEqual([
      'ersetzt',
      'gueltig',
      'Łukasz Şahin',
      cert!.id,
    ]);
    const oldPage = await request(ctx.app).get(`/verify/${cert!.code}`);
    expect(oldPage.text).toContain(text('certificates.verifyReplaced'));
    expect(oldPage.text).toContain(`/verify/${fresh!.code}`);
    const history = (await admin.get(`/certificates/${fresh!.id}`)).text;
    expect(history).toContain(text('certificates.actions.korrigiert'));
    expect(history).toContain('Namensänderung nach Heirat');

    const page = await admin.get(`/certificates/${fresh!.id}`);
    expect(
      (
        await admin
          .post(`/certificates/${fresh!.id}/revoke`)
          .type('form')
          .send({ _csrf: csrfFrom(page.text), reason: '' })
      ).status,
    ).toBe(422);
    await admin
      .post(`/certificates/${fresh!.id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'Teilnahme nachträglich aberkannt' });
    const revoked = await request(ctx.app).get(`/verify/${fresh!.code}`);
    expect(revoked.status).toBe(200);
    expect(revoked.text).toContain('wurde widerrufen');
    expect(revoked.text).not.toContain('aberkannt'); // the reason is for the register, not the public
    expect(
      (await db.select().from(certificateEvents).where(eq(certificateEvents.certificateId, fresh!.id))).map(
        (e) => e.action,
      ),
    ).toEqual(['korrigiert', 'grund', 'widerrufen']);

    // a revoked certificate is not "open": a bulk run leaves it alone, issuing it again is a decision per person
    const preview = await admin.get(`/cohorts/${c.id}/certificates`);
    expect(preview.text).toContain(`widerrufen (${fresh!.number})`);
    expect(preview.text).not.toContain('Alles Offene');
    const validZertifikat = () =>
      db
        .select()
        .from(certificates)
        .where(
          and(
            eq(certificates.userId, holder.id),
            eq(certificates.kind, 'zertifikat'),
            eq(certificates.state, 'gueltig'),
          ),
        );
    await issueAll(admin, c.id);
    expect(await validZertifikat()).toHaveLength(0);
    await admin
      .post(`/cohorts/${c.id}/certificates`)
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), target: `${holder.id}:zertifikat:-` });
    expect(await validZertifikat()).toHaveLength(1);
  });

  it('answers unknown and malformed codes with the same 404 page, and limits look-ups', async () => {
    const unknown = await request(ctx.app).get('/verify/ABCDE-FGHJK');
    const malformed = await request(ctx.app).get('/verify/%3Cscript%3E');
    expect([unknown.status, malformed.status]).toEqual([404, 404]);
    for (const r of [unknown, malformed]) expect(r.text).toContain(text('certificates.verifyUnknown'));
    expect(malformed.text).not.toContain('<script>');
    const limited = await createTestContext();
    try {
      const statuses = [];
      for (let i = 0; i < 32; i++) statuses.push((await request(limited.app).get('/verify/ABCDE-FGHJK')).status);
      expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('gives the PDF to its holder and the SPI-Team only, sends it only when asked, and zips a cohort', async () => {
    const { db, m, c, holder, second, admin } = await setting();
    await issueAll(admin, c.id);
    const [cert] = await db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, holder.id), eq(certificates.kind, 'zertifikat')));
    const own = await signIn(ctx.app, holder.email);
    expect((await own.get('/my/certificates')).text).toContain(cert!.number);
    expect((await own.get(`/certificates/${cert!.id}.pdf`)).status).toBe(200);
    expect((await (await signIn(ctx.app, second.email)).get(`/certificates/${cert!.id}.pdf`)).status).toBe(404);
    expect(
      (
        await (
          await signIn(ctx.app, (await makeUser(db, { role: 'coordinator', municipalityId: m.id })).email)
        ).get(`/certificates/${cert!.id}.pdf`)
      ).status,
    ).toBe(403);
    // the register entry and its actions are the SPI-Team's alone
    const trainer = await signIn(ctx.app, (await makeUser(db, { role: 'trainer' })).email);
    expect((await trainer.get(`/certificates/${cert!.id}`)).status).toBe(403);
    expect((await own.get(`/certificates/${cert!.id}`)).status).toBe(403);

    const page = await admin.get(`/certificates/${cert!.id}`);
    await admin
      .post(`/certificates/${cert!.id}/send`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect((await ctx.smtp.mailTo(holder.email)).subject).toBe('Ihr Zertifikat der Stiftung SPI');

    const zip = await binary(admin.get(`/cohorts/${c.id}/certificates.zip`));
    const names = Object.keys((await JSZip.loadAsync(zip.body as Buffer)).files);
    expect(names).toHaveLength(12);
    expect(names).toContain(`${cert!.number}.pdf`);
  });
});
