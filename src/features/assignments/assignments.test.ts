import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../../test/support/app';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import { binary } from '../../../test/support/pdf';
import { enrol, makeCohort, makeOffering } from '../../../test/support/cohorts';
import { storedFiles, submissions, submissionVersions } from './table';
import { text } from '../../../test/support/texts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../test/fixtures/files', name));
const filesOnDisk = () => {
  const root = path.join(ctx.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
};

async function setting() {
  const db = ctx.database.db;
  const m = await makeMunicipality(db);
  const trainer = await makeUser(db, { role: 'trainer' });
  const c = await makeCohort(db, { quotas: [[m.id, 10]] });
  const { offering } = await makeOffering(db, c.id, { trainerIds: [trainer.id] });
  const trainee = await makeUser(db, { role: 'trainee', municipalityId: m.id, firstName: 'Zoë', lastName: 'Ørsted' });
  const other = await makeUser(db, { role: 'trainee', municipalityId: m.id });
  await enrol(db, c.id, trainee);
  await enrol(db, c.id, other);
  const teacher = await signIn(ctx.app, trainer.email);
  const page = await teacher.get(`/offerings/${offering.id}/assignments/new`);
  const res = await teacher
    .post(`/offerings/${offering.id}/assignments`)
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      title: 'Konfliktanalyse der eigenen Kommune',
      instructions: 'Beschreiben Sie **einen** Konflikt.',
      dueDate: '2026-10-01',
      dueTime: '23:59',
      cutoffDate: '',
      cutoffTime: '',
      expectsFile: 'ja',
      allowedKinds: ['pdf', 'docx'],
      maxFileMb: '20',
      maxFiles: '2',
      grading: 'bestanden',
      maxPoints: '',
      passPoints: '',
      required: 'ja',
    });
  expect(res.status).toBe(302);
  const assignmentId = Number(/\/assignments\/(\d+)/.exec(res.headers.location!)![1]);
  const me = await signIn(ctx.app, trainee.email);
  return { db, m, c, offering, trainer, trainee, other, teacher, me, assignmentId };
}

async function handIn(
  agent: Awaited<ReturnType<typeof signIn>>,
  assignmentId: number,
  file: [Buffer, string] | null,
  submit: 'ja' | 'nein' = 'ja',
) {
  const page = await agent.get(`/assignments/${assignmentId}`);
  const token = csrfFrom(page.text);
  let req = agent.post(`/assignments/${assignmentId}/submission`).field('_csrf', token).field('submit', submit);
  if (file) req = req.attach('files', file[0], file[1]);
  return req;
}

describe('setting an assignment', () => {
  it('re-renders wrong input with German messages', async () => {
    const { teacher, offering } = await setting();
    const page = await teacher.get(`/offerings/${offering.id}/assignments/new`);
    const res = await teacher
      .post(`/offerings/${offering.id}/assignments`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        title: 'Ohne alles',
        instructions: '',
        dueDate: '31.02.2027',
        dueTime: '25:00',
        maxFileMb: '50',
        maxFiles: '1',
        grading: 'punkte',
        maxPoints: '',
        passPoints: '',
      });
    expect(res.status).toBe(422);
    for (const msg of [
      'Bitte beschreiben Sie die Aufgabe.',
      'Bitte geben Sie das Abgabedatum ein',
      'Bitte wählen Sie, ob eine Datei, ein Text oder beides abgegeben wird.',
      'Bitte geben Sie eine Größe von 1 bis 20 MB an.',
      'Bitte geben Sie die Höchstpunktzahl an.',
    ])
      expect(res.text).toContain(msg);
    expect(res.text).toContain('value="Ohne alles"');
  });
});

describe('handing in and feedback', () => {
  it('goes from draft to hand-in, back for revision, version 2, passed; every version is kept and the trainee is e-mailed', async () => {
    const { db, assignmentId, trainee, trainer } = await setting();
    let me = await signIn(ctx.app, trainee.email);
    let teacher = await signIn(ctx.app, trainer.email);
    ctx.clock.advance(new Date('2026-09-20T10:00:00Z').getTime() - ctx.clock.now().getTime());
    expect((await handIn(me, assignmentId, [fixture('analyse.pdf'), 'analyse.pdf'], 'nein')).status).toBe(302);
    const [draft] = await db.select().from(submissions).where(eq(submissions.userId, trainee.id));
    expect(draft!.state).toBe('entwurf');
    expect(await teacher.get('/grading').then((r) => r.text)).not.toContain('Ørsted');

    expect((await handIn(me, assignmentId, null)).status).toBe(302);
    const queue = (await teacher.get('/grading')).text;
    expect(queue).toContain('Ørsted, Zoë');
    const subId = draft!.id;
    const page = await teacher.get(`/submissions/${subId}`);
    expect(page.text).toContain('analyse.pdf');
    const back = await teacher
      .post(`/submissions/${subId}/feedback`)
      .field('_csrf', csrfFrom(page.text))
      .field('decision', 'ueberarbeiten')
      .field('text', 'Bitte ergänzen Sie die Akteure.');
    expect(back.status).toBe(302);
    expect((await ctx.smtp.mailTo(trainee.email)).subject).toContain('Rückmeldung');

    ctx.clock.advance(14 * 24 * 3600_000); // after the due date: version 2 is late (and the sessions have expired)
    me = await signIn(ctx.app, trainee.email);
    teacher = await signIn(ctx.app, trainer.email);
    const v2 = await handIn(me, assignmentId, [fixture('plan.docx'), 'plan.docx']);
    expect((await me.get(v2.headers.location!)).text).toContain(
      'Ihre Abgabe ist eingegangen, 2 Tage 12 Stunden nach der Frist.',
    ); // due 01.10. 23:59, handed in 04.10. 12:0x
    const page2 = await teacher.get(`/submissions/${subId}`);
    await teacher
      .post(`/submissions/${subId}/feedback`)
      .field('_csrf', csrfFrom(page2.text))
      .field('decision', 'bestanden')
      .field('text', 'Gut gelungen.');
    const mine = (await me.get(`/assignments/${assignmentId}`)).text;
    expect(mine).toContain('Version 1');
    expect(mine).toContain('Bitte ergänzen Sie die Akteure.');
    expect(mine).toContain('Version 2');
    expect(mine).toContain('verspätet um');
    expect(mine).toContain('Gut gelungen.');
    expect(mine).toContain(text('assignments.gradedText'));
    const versions = await db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, subId));
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect((await handIn(me, assignmentId, [fixture('analyse.pdf'), 'analyse.pdf'])).status).toBe(409);

    const zip = await binary(teacher.get(`/assignments/${assignmentId}/submissions.zip`));
    const names = Object.keys((await JSZip.loadAsync(zip.body as Buffer)).files).sort();
    expect(names).toEqual(['Orsted_Zoe_v1.pdf', 'Orsted_Zoe_v2.docx']);
  });

  it('refuses HTML named .pdf, double extensions, empty and oversized files, leaving nothing behind', async () => {
    const { db, me, assignmentId, trainee } = await setting();
    ctx.clock.advance(new Date('2026-09-20T10:00:00Z').getTime() - ctx.clock.now().getTime());
    const before = filesOnDisk().length;
    const html = await handIn(me, assignmentId, [fixture('html-als.pdf'), 'bericht.pdf']);
    expect(html.status).toBe(422);
    expect(html.text).toContain(
      '„bericht.pdf“ ist keine erlaubte Datei. Erlaubt sind: PDF, DOCX. Geprüft wird der Inhalt',
    );
    expect((await handIn(me, assignmentId, [fixture('plan.pdf.exe'), 'plan.pdf.exe'])).text).toContain(
      'ist keine erlaubte Datei',
    );
    expect((await handIn(me, assignmentId, [Buffer.alloc(0), 'leer.pdf'])).text).toContain(
      'Die Datei „leer.pdf“ ist leer.',
    );
    const big = await handIn(me, assignmentId, [
      Buffer.concat([fixture('analyse.pdf'), Buffer.alloc(21 * 1024 * 1024)]),
      'gross.pdf',
    ]);
    expect(big.status).toBe(422);
    expect(big.text).toContain('Die Datei ist zu groß. Erlaubt sind höchstens 20 MB.');
    expect(filesOnDisk().length).toBe(before);
    expect(await db.select().from(submissions).where(eq(submissions.userId, trainee.id))).toHaveLength(0);
  });

  it('cleans up after an upload that dies half-way', async () => {
    const { db, trainee, assignmentId } = await setting();
    const me = await signIn(ctx.app, trainee.email);
    const token = csrfFrom((await me.get(`/assignments/${assignmentId}`)).text);
    const cookie = (me as unknown as { jar: { getCookies(o: object): Array<{ toValueString(): string }> } }).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => c.toValueString())
      .join('; ');
    const server = ctx.app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    const before = filesOnDisk().length;
    await new Promise<void>((resolve) => {
      const boundary = 'xxkokoma';
      const req = http.request({
        host: '127.0.0.1',
        port: (server.address() as AddressInfo).port,
        path: `/assignments/${assignmentId}/submission`,
        method: 'POST',
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 5_000_000 },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="submit"\r\n\r\nja\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="analyse.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      );
      req.write(fixture('analyse.pdf'));
      setTimeout(() => req.destroy(), 200);
    });
    await new Promise((r) => setTimeout(r, 300));
    server.close();
    expect(filesOnDisk().length).toBe(before);
    expect(await db.select().from(submissions).where(eq(submissions.userId, trainee.id))).toHaveLength(0);
  });

  it.each([
    ['pixel.png', 'seite.html', 'image/png', /^inline; filename="?seite\.png"?/],
    ['pixel.png', 'seite.svg', 'image/png', /^inline; filename="?seite\.png"?/],
    ['notizen.txt', 'phishing.htm', 'text/plain; charset=utf-8', /^attachment; filename="?phishing\.txt"?/],
    ['analyse.pdf', 'bericht.exe', 'application/pdf', /^inline; filename="?bericht\.pdf"?/],
  ])(
    'serves %s uploaded as %s by its recognised kind (%s), never by its name',
    async (fixtureName, uploadedAs, type, disposition) => {
      const { db, trainee, teacher, offering } = await setting();
      ctx.clock.advance(new Date('2026-09-20T10:00:00Z').getTime() - ctx.clock.now().getTime());
      const page = await teacher.get(`/offerings/${offering.id}/assignments/new`);
      const made = await teacher
        .post(`/offerings/${offering.id}/assignments`)
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          title: 'Bilder und Notizen',
          instructions: 'Alles erlaubt.',
          dueDate: '2026-10-01',
          dueTime: '23:59',
          cutoffDate: '',
          cutoffTime: '',
          expectsFile: 'ja',
          allowedKinds: ['png', 'txt', 'pdf'],
          maxFileMb: '5',
          maxFiles: '2',
          grading: 'bestanden',
          maxPoints: '',
          passPoints: '',
          required: '',
        });
      const id = Number(/\/assignments\/(\d+)/.exec(made.headers.location!)![1]);
      const me = await signIn(ctx.app, trainee.email);
      expect((await handIn(me, id, [fixture(fixtureName), uploadedAs])).status).toBe(302);
      const [file] = await db
        .select()
        .from(storedFiles)
        .orderBy(storedFiles.id)
        .then((r) => r.slice(-1));
      const res = await teacher.get(`/files/${file!.id}`);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toMatch(disposition);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('keeps hand-ins to their author, the offering’s trainers and the SPI-Team; coordinators see only the status', async () => {
    const { db, me, assignmentId, other, m, c } = await setting();
    ctx.clock.advance(new Date('2026-09-20T10:00:00Z').getTime() - ctx.clock.now().getTime());
    await handIn(me, assignmentId, [fixture('analyse.pdf'), '../../etc/passwd.pdf']);
    const [file] = await db
      .select()
      .from(storedFiles)
      .orderBy(storedFiles.id)
      .then((r) => r.slice(-1));
    expect(file!.originalName).toBe('passwd.pdf');
    const own = await me.get(`/files/${file!.id}`);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-disposition']).toMatch(/^inline; filename="?passwd\.pdf"?/);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-security-policy']).toContain('sandbox');

    expect((await (await signIn(ctx.app, other.email)).get(`/files/${file!.id}`)).status).toBe(404);
    const strangerTrainer = await signIn(ctx.app, (await makeUser(db, { role: 'trainer' })).email);
    expect((await strangerTrainer.get(`/files/${file!.id}`)).status).toBe(404);
    expect((await strangerTrainer.get(`/assignments/${assignmentId}`)).status).toBe(404);
    const coordinator = await signIn(
      ctx.app,
      (await makeUser(db, { role: 'coordinator', municipalityId: m.id })).email,
    );
    expect((await coordinator.get(`/files/${file!.id}`)).status).toBe(404);
    const status = await coordinator.get(`/assignments/${assignmentId}`);
    expect(status.status).toBe(200);
    expect(status.text).not.toContain('passwd.pdf');
    expect(status.text).not.toContain('/submissions/');
    void c;
  });
});

describe('templates from content/', () => {
  it('copies a template beside the module into the form', async () => {
    const db = ctx.database.db;
    const { syncContent } = await import('../catalogue/sync');
    await syncContent(db, path.resolve(__dirname, '../../../content'), new Date());
    const { modules } = await import('../catalogue/table');
    const [mod] = await db.select().from(modules).where(eq(modules.slug, 'transfer-krisenpraeventionsplan'));
    const trainer = await makeUser(db, { role: 'trainer' });
    const c = await makeCohort(db);
    const { offerings, offeringTrainers } = await import('../cohorts/table');
    const [o] = await db.insert(offerings).values({ cohortId: c.id, moduleId: mod!.id, position: 9 }).returning();
    await db.insert(offeringTrainers).values({ offeringId: o!.id, userId: trainer.id });
    const agent = await signIn(ctx.app, trainer.email);
    const list = await agent.get(`/offerings/${o!.id}/assignments/new`);
    expect(list.text).toContain('Vorlage „Krisenpräventionsplan für die eigene Kommune“ übernehmen');
    const copied = await agent.get(`/offerings/${o!.id}/assignments/new?vorlage=krisenpraeventionsplan`);
    expect(copied.text).toContain('value="Krisenpräventionsplan für die eigene Kommune"');
    expect(copied.text).toContain('Abläufe für die ersten 24 Stunden einer Krise');
    expect(copied.text).toMatch(/id="kind-xlsx" name="allowedKinds" value="xlsx" checked/);
    expect(copied.text).toContain('value="12"');
  });
});

describe('feedback files and drafts', () => {
  it('lets the trainer attach a file to the feedback, which the trainee (only) can open; draft files can be removed', async () => {
    const { db, assignmentId, trainee, trainer, other } = await setting();
    ctx.clock.advance(new Date('2026-09-20T10:00:00Z').getTime() - ctx.clock.now().getTime());
    const me = await signIn(ctx.app, trainee.email);
    await handIn(me, assignmentId, [fixture('analyse.pdf'), 'entwurf.pdf'], 'nein');
    const page = (await me.get(`/assignments/${assignmentId}`)).text;
    const draftFile = /id="remove-(\d+)"/.exec(page)![1]!;
    const before = filesOnDisk().length;
    await me
      .post(`/assignments/${assignmentId}/submission`)
      .field('_csrf', csrfFrom(page))
      .field('submit', 'nein')
      .field('removeFile', draftFile);
    expect(
      await db
        .select()
        .from(storedFiles)
        .where(eq(storedFiles.id, Number(draftFile))),
    ).toEqual([]);
    // the file itself goes with the sweep, once it is older than its grace period (a backup may be copying it)
    expect(filesOnDisk().length).toBe(before);
    await ctx.deps.jobs.runNow('files-orphaned');
    expect(filesOnDisk().length).toBe(before);
    // files carry the real time; the test's clock stands in September
    const later = Date.now() + 7 * 60 * 60_000 - ctx.clock.now().getTime();
    ctx.clock.advance(later);
    await ctx.deps.jobs.runNow('files-orphaned');
    expect(filesOnDisk().length).toBe(before - 1);
    ctx.clock.advance(-later);
    await handIn(me, assignmentId, [fixture('plan.docx'), 'final.docx']);

    const teacher = await signIn(ctx.app, trainer.email);
    const [sub] = await db.select().from(submissions).where(eq(submissions.userId, trainee.id));
    const form = await teacher.get(`/submissions/${sub!.id}`);
    await teacher
      .post(`/submissions/${sub!.id}/feedback`)
      .field('_csrf', csrfFrom(form.text))
      .field('decision', 'bestanden')
      .field('text', 'Siehe Anmerkungen.')
      .attach('files', fixture('notizen.txt'), 'anmerkungen.txt');
    const mine = (await me.get(`/assignments/${assignmentId}`)).text;
    expect(mine).toContain('anmerkungen.txt');
    expect(mine).not.toContain('entwurf.pdf');
    const feedbackFile = /href="\/files\/(\d+)">anmerkungen.txt/.exec(mine)![1]!;
    const download = await me.get(`/files/${feedbackFile}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect((await (await signIn(ctx.app, other.email)).get(`/files/${feedbackFile}`)).status).toBe(404);
  });
});

describe('revising a text hand-in', () => {
  it('after handing in the page shows what happens next and no form; a revision starts from the previous text', async () => {
    const { teacher, offering, trainee, db } = await setting();
    ctx.clock.advance(new Date('2026-09-20T10:00:00Z').getTime() - ctx.clock.now().getTime());
    const page = await teacher.get(`/offerings/${offering.id}/assignments/new`);
    const made = await teacher
      .post(`/offerings/${offering.id}/assignments`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        title: 'Fallbeschreibung',
        instructions: 'Beschreiben Sie den Fall.',
        dueDate: '2026-10-01',
        dueTime: '23:59',
        cutoffDate: '',
        cutoffTime: '',
        expectsText: 'ja',
        maxFileMb: '5',
        maxFiles: '1',
        grading: 'bestanden',
        maxPoints: '',
        passPoints: '',
        required: 'ja',
      });
    const id = Number(/\/assignments\/(\d+)/.exec(made.headers.location!)![1]);
    const me = await signIn(ctx.app, trainee.email);
    const form = await me.get(`/assignments/${id}`);
    expect(
      (
        await me
          .post(`/assignments/${id}/submission`)
          .field('_csrf', csrfFrom(form.text))
          .field('submit', 'ja')
          .field('text', 'Erste Fassung: der Streit um den Jugendclub.')
      ).status,
    ).toBe(302);
    const after = await me.get(`/assignments/${id}`);
    expect(after.text).toContain('Abgegeben am');
    expect(after.text).toContain(text('assignments.whatNext'));
    expect(after.text).not.toContain(`action="/assignments/${id}/submission"`);
    const [sub] = await db.select().from(submissions).where(eq(submissions.assignmentId, id));
    const review = await teacher.get(`/submissions/${sub!.id}`);
    await teacher
      .post(`/submissions/${sub!.id}/feedback`)
      .field('_csrf', csrfFrom(review.text))
      .field('decision', 'ueberarbeiten')
      .field('text', 'Bitte die Perspektive der Nachbarn ergänzen.');
    const revise = await me.get(`/assignments/${id}`);
    expect(revise.text).toContain('Der Text beginnt mit Ihrer Fassung 1');
    expect(revise.text).toMatch(
      /<textarea[^>]*name="text"[^>]*>Erste Fassung: der Streit um den Jugendclub\.<\/textarea>/,
    );
  });
});
