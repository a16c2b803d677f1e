import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestContext, signIn, type TestContext } from '../../../test/support/app';
import { makeUser } from '../../../test/support/builders';
import { loadContent } from './content';
import { renderMarkdown } from '../../platform/markdown';
import { describeChanges, syncContent } from './sync';
import { lessons, modules } from './table';
import { text } from '../../../test/support/texts';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/content');

/** A private copy of the fixture that a test may break. */
function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-content-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
const edit = (dir: string, file: string, fn: (s: string) => string) =>
  fs.writeFileSync(path.join(dir, file), fn(fs.readFileSync(path.join(dir, file), 'utf8')));

let ctx: TestContext;
let contentDir: string;
beforeAll(async () => {
  contentDir = copyFixture();
  ctx = await createTestContext({ CONTENT_DIR: contentDir });
});
afterAll(() => ctx.close());

describe('content check', () => {
  it('accepts the sample course of the repository', () => {
    const { content, problems } = loadContent(path.resolve(__dirname, '../../../content'));
    expect(problems).toEqual([]);
    expect(content!.modules.filter((m) => m.kind === 'praesenz').length).toBeGreaterThanOrEqual(5);
    for (const m of content!.modules) {
      expect(m.lessons.length).toBeGreaterThanOrEqual(2);
      expect(m.materials.length).toBeGreaterThanOrEqual(1);
      expect(m.objectives.length).toBeGreaterThanOrEqual(1);
    }
  });

  it.each([
    [
      'malformed front matter',
      'modules/01-eins/module.md',
      (s: string) => s.replace('number: 1', 'number: [1'),
      /module\.md/,
      /kein gültiges YAML/,
    ],
    [
      'an unknown key',
      'modules/01-eins/module.md',
      (s: string) => s.replace('ue: 8', 'ue: 8\nfarbe: blau'),
      /module\.md/,
      /Unbekannter Schlüssel: farbe/,
    ],
    [
      'a wrong kind',
      'modules/01-eins/module.md',
      (s: string) => s.replace('kind: praesenz', 'kind: hybrid'),
      /module\.md/,
      /kind muss "praesenz" oder "online" sein/,
    ],
    [
      'a duplicate slug',
      'modules/02-zwei/module.md',
      (s: string) => s.replace('slug: online-vertiefung', 'slug: konflikte-verstehen'),
      /02-zwei\/module\.md/,
      /schon in modules\/01-eins/,
    ],
    [
      'a link to a missing file',
      'modules/01-eins/lessons/02-eskalation.md',
      (s: string) => `${s}\nSiehe [Plan](materials/fehlt.pdf).\n`,
      /02-eskalation\.md/,
      /fehlende Datei: materials\/fehlt\.pdf/,
    ],
    [
      'a missing material',
      'modules/01-eins/module.md',
      (s: string) => s.replace('file: notiz.txt', 'file: weg.pdf'),
      /module\.md/,
      /weg\.pdf fehlt/,
    ],
  ])('names the file and the problem for %s', (_what, file, change, fileName, message) => {
    const dir = copyFixture();
    edit(dir, file, change);
    const { content, problems } = loadContent(dir);
    expect(content).toBeUndefined();
    expect(problems.some((p) => fileName.test(p.file) && message.test(p.message))).toBe(true);
  });

  it('gives the line of the problem', () => {
    const dir = copyFixture();
    edit(dir, 'modules/01-eins/module.md', (s) => s.replace('ue: 8', 'ue: acht'));
    const { problems } = loadContent(dir);
    expect(problems[0]).toMatchObject({ file: 'modules/01-eins/module.md', line: 7 });
  });
});

describe('content sync', () => {
  it('loads the content, and a second run writes nothing', async () => {
    const first = await syncContent(ctx.database.db, contentDir, new Date());
    expect(first.status).toBe('ok');
    expect(first.changes).toMatchObject({ courseUpdated: 1, modulesAdded: 2, lessonsAdded: 3, materialsAdded: 1 });
    expect(describeChanges(first.changes)).toBe(
      'Kursbeschreibung geändert, 2 Module neu, 3 Lektionen neu, 1 Material neu',
    );
    const before = await ctx.database.db.select({ id: lessons.id, updatedAt: lessons.updatedAt }).from(lessons);
    const second = await syncContent(ctx.database.db, contentDir, new Date(Date.now() + 60_000));
    expect(second).toEqual({ status: 'unchanged', problems: [], changes: {} });
    expect(await ctx.database.db.select({ id: lessons.id, updatedAt: lessons.updatedAt }).from(lessons)).toEqual(
      before,
    );
  });

  it('keeps the last good version when the content breaks, and archives removed lessons without losing progress', async () => {
    const dir = copyFixture();
    await syncContent(ctx.database.db, dir, new Date());
    const trainee = await makeUser(ctx.database.db, { role: 'trainee' });
    const agent = await signIn(ctx.app, trainee.email);
    const lessonPage = await agent.get('/catalogue/konflikte-verstehen/eskalation');
    const token = /name="_csrf" value="([^"]+)"/.exec(lessonPage.text)![1];
    expect(
      (
        await agent
          .post('/catalogue/konflikte-verstehen/eskalation/done')
          .type('form')
          .send({ _csrf: token, done: '1' })
      ).status,
    ).toBe(302);

    edit(dir, 'modules/01-eins/module.md', (s) => s.replace('title: Konflikte verstehen', 'title: [kaputt'));
    const broken = await syncContent(ctx.database.db, dir, new Date());
    expect(broken.status).toBe('failed');
    expect(
      (await ctx.database.db.select().from(modules).where(eq(modules.slug, 'konflikte-verstehen')))[0]!.title,
    ).toBe('Konflikte verstehen');

    edit(dir, 'modules/01-eins/module.md', (s) => s.replace('title: [kaputt', 'title: Konflikte verstehen'));
    fs.rmSync(path.join(dir, 'modules/01-eins/lessons/02-eskalation.md'));
    edit(dir, 'modules/01-eins/lessons/01-grundlagen.md', (s) =>
      s.replace(' und [nächste Lektion](02-eskalation.md)', ''),
    );
    const removed = await syncContent(ctx.database.db, dir, new Date());
    expect(removed.changes.lessonsArchived).toBe(1);
    const [archived] = await ctx.database.db.select().from(lessons).where(eq(lessons.slug, 'eskalation'));
    expect(archived!.archivedAt).not.toBeNull();
    expect((await agent.get('/catalogue/konflikte-verstehen/eskalation')).status).toBe(404);
    // the progress row is still there: restoring the file brings the lesson back with the person's mark
    fs.cpSync(
      path.join(FIXTURE, 'modules/01-eins/lessons/02-eskalation.md'),
      path.join(dir, 'modules/01-eins/lessons/02-eskalation.md'),
    );
    await syncContent(ctx.database.db, dir, new Date());
    expect((await agent.get('/catalogue/konflikte-verstehen/eskalation')).text).toContain(
      'Sie haben diese Lektion als erledigt markiert.',
    );
  });

  it('shows the SPI-Team the errors of the last run and keeps serving the last good version', async () => {
    const dir = copyFixture();
    edit(dir, 'modules/02-zwei/module.md', (s) => s.replace('ue: 4', 'ue: 4\nunbekannt: 1'));
    const broken = await createTestContext({ CONTENT_DIR: dir }, undefined, ctx.database);
    const admin = await makeUser(ctx.database.db, { role: 'admin' });
    const agent = await signIn(broken.app, admin.email);
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/admin/catalogue')).text)![1];
    const res = await agent.post('/admin/catalogue/sync').type('form').send({ _csrf: token });
    expect(res.status).toBe(302);
    const page = await agent.get('/admin/catalogue');
    expect(page.text).toContain(text('catalogueAdmin.status_failed'));
    expect(page.text).toContain('modules/02-zwei/module.md');
    expect(page.text).toContain('Unbekannter Schlüssel: unbekannt');
    expect((await agent.get('/catalogue/online-vertiefung')).status).toBe(200);
    await broken.smtp.stop();
  });
});

describe('markdown', () => {
  const payloads = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[klick](javascript:alert(1))',
    '[klick](JaVaScRiPt:alert(1))',
    '![bild](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload=alert(1)>',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<details open ontoggle=alert(1)>',
    '![x](https://evil.example/pixel.png)',
  ];
  it.each(payloads)('never lets %s reach the page', (payload) => {
    const { html } = renderMarkdown(`Text ${payload} Ende`, { linkFor: () => undefined });
    // no dangerous element, no event handler or style attribute, no script or data URL in a link or image
    expect(html).not.toMatch(/<(script|iframe|svg|div|details|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]*\s(on\w+|style)\s*=/i);
    expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
    expect(html).not.toMatch(/src="https?:/i);
  });

  it('gives headings readable anchors and a table of contents', () => {
    const { html, toc } = renderMarkdown('## Konflikte über Ämter\n\n### Schritt für Schritt\n', {
      linkFor: () => undefined,
    });
    expect(html).toContain('id="konflikte-ueber-aemter"');
    expect(toc).toEqual([
      { level: 2, id: 'konflikte-ueber-aemter', text: 'Konflikte über Ämter' },
      { level: 3, id: 'schritt-fuer-schritt', text: 'Schritt für Schritt' },
    ]);
  });
});

describe('pages', () => {
  beforeAll(() => syncContent(ctx.database.db, contentDir, new Date()));

  it('shows the catalogue, a module and a lesson with table of contents and pager to everyone signed in', async () => {
    const trainer = await makeUser(ctx.database.db, { role: 'trainer' });
    const agent = await signIn(ctx.app, trainer.email);
    const catalogue = await agent.get('/catalogue');
    expect(catalogue.text).toContain('Konflikte verstehen');
    expect(catalogue.text).toContain('Präsenzmodul');
    expect(catalogue.text).toContain('8 UE');
    const module = await agent.get('/catalogue/konflikte-verstehen');
    expect(module.text).toContain('Konflikte benennen');
    expect(module.text).toContain('Was ist ein Konflikt für Sie?');
    expect(module.text).toContain('href="/catalogue/konflikte-verstehen/materials/notiz.txt"');
    const lesson = await agent.get('/catalogue/konflikte-verstehen/grundlagen');
    expect(lesson.text).toContain(text('catalogue.toc'));
    expect(lesson.text).toContain('href="#ursachen"');
    expect(lesson.text).toContain('href="/catalogue/konflikte-verstehen/eskalation"');
    expect(lesson.text).not.toContain(text('learning.markDone')); // only trainees mark lessons
  });

  it('serves materials as downloads with their type, and nothing outside the registered files', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainee' });
    const agent = await signIn(ctx.app, user.email);
    const file = await agent.get('/catalogue/konflikte-verstehen/materials/notiz.txt');
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="?notiz\.txt"?$/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    for (const bad of ['..%2F..%2Fpackage.json', '..%2Fmodule.md', '%2Fetc%2Fpasswd', 'weg.txt']) {
      expect((await agent.get(`/catalogue/konflikte-verstehen/materials/${bad}`)).status).toBe(404);
    }
    expect((await agent.get('/catalogue/konflikte-verstehen/materials/../../package.json')).status).toBe(404);
  });

  it('searches with German stemming and highlights the hits', async () => {
    const user = await makeUser(ctx.database.db, { role: 'trainee' });
    const agent = await signIn(ctx.app, user.email);
    const res = await agent.get('/search?q=Konflikt');
    expect(res.text).toContain('Treffer für „Konflikt“');
    expect(res.text).toContain('<mark>Konflikte</mark>');
    const stem = await agent.get('/search?q=eskalierte');
    expect(stem.text).toContain('href="/catalogue/konflikte-verstehen/eskalation"');
    const none = await agent.get('/search?q=Raumfahrt');
    expect(none.text).toContain('Keine Lektion enthält „Raumfahrt“');
    const xss = await agent.get('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(xss.text).not.toContain('<script>alert(1)');
  });

  it('lets only the SPI-Team see the content administration and preview', async () => {
    for (const role of ['trainee', 'trainer', 'coordinator'] as const) {
      const agent = await signIn(ctx.app, (await makeUser(ctx.database.db, { role })).email);
      expect((await agent.get('/admin/catalogue')).status).toBe(403);
      expect((await agent.get('/admin/catalogue/konflikte-verstehen/preview')).status).toBe(403);
      const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/profile')).text)![1];
      expect((await agent.post('/admin/catalogue/sync').type('form').send({ _csrf: token })).status).toBe(403);
    }
    const admin = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'admin' })).email);
    const preview = await admin.get('/admin/catalogue/konflikte-verstehen/preview');
    expect(preview.text).toContain(text('catalogue.previewNotice'));
  });

  it('answers 404 for unknown modules and lessons', async () => {
    const agent = await signIn(ctx.app, (await makeUser(ctx.database.db, { role: 'trainee' })).email);
    expect((await agent.get('/catalogue/gibt-es-nicht')).status).toBe(404);
    expect((await agent.get('/catalogue/konflikte-verstehen/gibt-es-nicht')).status).toBe(404);
  });
});
