import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../support/app';
import { createTestDatabase } from '../support/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalDiskStore } from '../../src/platform/files/store';
import { seedDemo, DEMO_PASSWORD } from '../../src/demo/seed';
import { syncContent } from '../../src/features/catalogue/sync';
import { users } from '../../src/features/accounts/table';
import { municipalities } from '../../src/features/municipalities/table';
import { cohorts, offerings, scheduleSessions } from '../../src/features/cohorts/table';
import { enrolments } from '../../src/features/enrolment/table';
import { checkinWindows } from '../../src/features/checkin/table';
import { assignments, submissions } from '../../src/features/assignments/table';
import { certificateRuns, certificates } from '../../src/features/certificates/table';
import { qrOnFirstPage } from '../support/pdf';
import { axeViolations, launch, screenshot, serve, SHOTS } from './browser';
import { base32 } from 'rfc4648';
import { codeAt } from '../../src/features/mfa/totp';

let ctx: TestContext;
let browser: Browser;
let server: Server;
let base: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const database = await createTestDatabase();
  await syncContent(database.db, path.resolve(__dirname, '../../content'), new Date());
  // the demo's files (hand-ins, certificates) go where the app under test reads them
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-e2e-'));
  await seedDemo(database.db, {
    scryptLogN: 10,
    liveSessionOnWeekends: true,
    files: new LocalDiskStore(path.join(dataDir, 'files')),
    certificates: {
      baseUrl: 'http://campus.test',
      signatories: [{ name: 'Dr. Birgit Lehmann', role: 'Vorständin' }],
      place: 'Berlin',
      fundingLine: 'Gefördert im Bundesprogramm „Demokratie leben!“',
      logos: [],
    },
  });
  // development mode without SMTP: the dev outbox is part of what the SPI-Team sees
  ctx = await createTestContext({ NODE_ENV: 'development', SMTP_URL: '', DATA_DIR: dataDir }, undefined, database);
  ({ server, base } = await serve(ctx.app));
  browser = await launch();
  const db = ctx.database.db;
  ids.trainee = (await db.select().from(users).where(eq(users.email, 'teilnehmende.erfurt1@kokoma.example')))[0]!.id;
  ids.erfurt = (await db.select().from(municipalities).where(eq(municipalities.name, 'Erfurt')))[0]!.id;
  ids.running = (await db.select().from(cohorts).where(eq(cohorts.name, 'Durchgang 2026/27 Mitteldeutschland')))[0]!.id;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await ctx?.close();
});

/** Signs in with the keyboard only: Tab into the fields, type, Enter; waits for the page it leads to. */
async function signInByKeyboard(page: Page, email: string, landing = '/'): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-Mail-Adresse').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}${landing}`);
}

async function visit(page: Page, path: string, shot: string): Promise<void> {
  const res = await page.goto(`${base}${path}`);
  expect([path, res?.status()]).toEqual([path, 200]);
  await check(page, shot);
}

async function check(page: Page, shot: string): Promise<void> {
  await screenshot(page, shot);
  expect([shot, await axeViolations(page)]).toEqual([shot, []]);
}

async function withPage(fn: (page: Page) => Promise<void>, viewport = { width: 1280, height: 900 }): Promise<void> {
  const context: BrowserContext = await browser.newContext({ locale: 'de-DE', viewport });
  try {
    await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

describe('signed out', () => {
  it('login, forgotten password and error pages are accessible', () =>
    withPage(async (page) => {
      await visit(page, '/login', 'anonym-login');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      expect(await page.locator('.kern-alert--danger').textContent()).toContain(
        'Bitte geben Sie Ihre E-Mail-Adresse ein.',
      );
      await check(page, 'anonym-login-fehler');
      await page.getByLabel('E-Mail-Adresse').fill('admin@kokoma.example');
      await page.getByLabel('Passwort', { exact: true }).fill('falsches-passwort');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      expect(await page.locator('.kern-alert--danger').textContent()).toContain(
        'E-Mail-Adresse oder Passwort ist nicht richtig.',
      );
      await check(page, 'anonym-login-falsch');
      await visit(page, '/password/forgot', 'anonym-passwort-vergessen');
      await page.getByLabel('E-Mail-Adresse').fill('teilnehmerin@kokoma.example');
      await page.getByRole('button', { name: 'Link anfordern' }).click();
      await check(page, 'anonym-passwort-vergessen-gesendet');
      const res = await page.goto(`${base}/password/set/ungueltiger-link`);
      expect(res?.status()).toBe(404);
      await check(page, 'anonym-link-ungueltig');
      expect((await page.goto(`${base}/gibt-es-nicht`))?.status()).toBe(404);
      await check(page, 'anonym-404');
      // the legal pages, from the footer of the sign-in page; a barrier is reported with the keyboard
      await page.goto(`${base}/login`);
      await page.getByRole('link', { name: 'Impressum' }).click();
      await check(page, 'anonym-impressum');
      await visit(page, '/datenschutz', 'anonym-datenschutz');
      await visit(page, '/barrierefreiheit', 'anonym-barrierefreiheit');
      await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
      await check(page, 'anonym-barriere-fehler');
      await page.getByLabel('Beschreibung').fill('Der Kalender-Link ist mit dem Screenreader schwer zu finden.');
      await page.getByLabel('Ihre E-Mail-Adresse').fill('leser@example.org');
      await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain(
        'Ihre Rückmeldung ist beim SPI-Team eingegangen',
      );
      await check(page, 'anonym-barriere-gesendet');
    }));
});

describe('SPI-Team', () => {
  it('reaches every page of the role, invites a person, who sets a password', () =>
    withPage(async (page) => {
      await signInByKeyboard(page, 'admin@kokoma.example');
      await check(page, 'admin-dashboard');
      for (const [path, shot] of [
        ['/people', 'admin-personen'],
        ['/people?q=Erfurt&status=active', 'admin-personen-suche'],
        [`/people/${ids.trainee}`, 'admin-person'],
        [`/people/${ids.trainee}/edit`, 'admin-person-bearbeiten'],
        ['/municipalities', 'admin-kommunen'],
        [`/municipalities/${ids.erfurt}`, 'admin-kommune'],
        [`/municipalities/${ids.erfurt}/edit`, 'admin-kommune-bearbeiten'],
        ['/municipalities/new', 'admin-kommune-neu'],
        ['/profile', 'admin-profil'],
        ['/admin/catalogue', 'admin-inhalte'],
        ['/admin/catalogue/krisen-bedrohungen-extremismus/preview', 'admin-inhalte-vorschau'],
        ['/at-risk', 'admin-abschluss-gefaehrdet'],
        ['/reports', 'admin-berichte'],
        ['/process/overview', 'admin-prozesse'],
        [`/municipalities/${ids.erfurt}/process`, 'admin-prozess'],
        [`/municipalities/${ids.erfurt}/process/milestones/konzept`, 'admin-prozess-meilenstein'],
        [`/municipalities/${ids.erfurt}/process/phases/qualifizierung`, 'admin-prozess-phase'],
        [`/municipalities/${ids.erfurt}/process/members/new`, 'admin-prozess-mitglied'],
        [`/municipalities/${ids.erfurt}/process/meetings/new`, 'admin-prozess-sitzung'],
        ['/attendance/missing', 'admin-anwesenheit-fehlt'],
        ['/admin/mail', 'admin-mail-warteschlange'],
        ['/admin/feedback', 'admin-rueckmeldungen-barrierefreiheit'],
        ['/profile/devices', 'admin-angemeldete-geraete'],
        ['/admin/audit', 'admin-protokoll'],
        ['/profile/data', 'admin-meine-daten'],
        ['/admin/audit?action=auth.signed_in', 'admin-protokoll-gefiltert'],
        [`/cohorts/${ids.running}/copy`, 'admin-durchgang-kopieren'],
      ])
        await visit(page, path!, shot!);
      const wrong = await page.goto(`${base}/reports?zeitraum=frei&von=31.12.2026&bis=01.01.2026`);
      expect(wrong?.status()).toBe(422);
      await check(page, 'admin-berichte-fehler');
      await page.goto(`${base}/admin/catalogue`);
      await page.getByRole('button', { name: 'Inhalte jetzt neu einlesen' }).click();
      expect(await page.locator('.kern-alert--info').first().textContent()).toContain('Die Inhalte sind unverändert.');
      await check(page, 'admin-inhalte-eingelesen');

      await visit(page, '/people/new', 'admin-person-neu');
      await page.getByRole('button', { name: 'Person anlegen' }).click();
      await check(page, 'admin-person-neu-fehler');
      await page.getByLabel('Vorname').fill('Marta');
      await page.getByLabel('Nachname').fill('Kowalski');
      await page.getByLabel('E-Mail').fill('marta.kowalski@kokoma.example');
      await page.getByLabel('Rolle').selectOption('trainee');
      await page.getByLabel('Kommune').selectOption(String(ids.erfurt));
      await page.getByLabel('Sektor').selectOption('bildung');
      await page.getByRole('button', { name: 'Person anlegen' }).click();
      await page.waitForURL(/\/people\/\d+$/);
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Marta Kowalski ist angelegt');
      await check(page, 'admin-person-angelegt');

      await visit(page, '/dev/mail', 'admin-mail-ausgang');
      await page.getByRole('link', { name: 'Ihr Zugang zu KoKoMa Campus' }).first().click();
      await check(page, 'admin-mail');
      const link = await page.locator('.mail-body a').first().getAttribute('href');
      expect(link).toMatch(/\/password\/set\//);

      await withPage(async (invited) => {
        await invited.goto(link!.replace(/^https?:\/\/[^/]+/, base));
        await check(invited, 'eingeladen-passwort-festlegen');
        await invited.getByLabel('Neues Passwort', { exact: true }).fill('Marta plant den Fachtag 2027');
        await invited.getByLabel('Neues Passwort wiederholen').fill('Marta plant den Fachtag 2027');
        await invited.getByRole('button', { name: 'Passwort speichern' }).click();
        expect(await invited.locator('.kern-alert--info').textContent()).toContain('Ihr Passwort ist gespeichert');
      });
    }));
});

describe('Kommunale Koordination', () => {
  it('reaches the pages of the role', () =>
    withPage(async (page) => {
      await signInByKeyboard(page, 'koordination.erfurt@kokoma.example');
      await check(page, 'koordination-dashboard');
      for (const [path, shot] of [
        ['/people', 'koordination-personen'],
        ['/people/new', 'koordination-person-neu'],
        [`/people/${ids.trainee}`, 'koordination-person'],
        [`/people/${ids.trainee}/edit`, 'koordination-person-bearbeiten'],
        ['/profile', 'koordination-profil'],
        ['/catalogue', 'koordination-module'],
        ['/search?q=Konflikte', 'koordination-suche'],
        ['/at-risk', 'koordination-abschluss-gefaehrdet'],
        ['/reports', 'koordination-berichte'],
        ['/process', 'koordination-prozess'],
      ])
        await visit(page, path!, shot!);
      expect(await page.locator('nav.site-nav--wide').textContent()).not.toContain('Kommunen');
    }));
});

describe('Trainer:in and Teilnehmende', () => {
  it.each([
    ['trainerin@kokoma.example', 'trainerin'],
    ['teilnehmerin@kokoma.example', 'teilnehmerin'],
  ])('%s reaches dashboard and profile, and changes the form of address', (email, prefix) =>
    withPage(async (page) => {
      await signInByKeyboard(page, email);
      await check(page, `${prefix}-dashboard`);
      const nav = (await page.locator('nav.site-nav--wide').textContent()) ?? '';
      expect(nav).not.toContain('Personen');
      expect(nav).not.toContain('Kommunen');
      await visit(page, '/catalogue', `${prefix}-module`);
      await visit(page, '/catalogue/konflikttheorie-und-analyse', `${prefix}-modul`);
      await visit(page, '/catalogue/konflikttheorie-und-analyse/systemische-konfliktanalyse', `${prefix}-lektion`);
      await visit(page, '/catalogue/konflikttheorie-und-analyse/eskalation-verstehen', `${prefix}-lektion-mit-bild`);
      // the diagram is served from the module's materials and really displays
      expect(
        await page.locator('article img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      ).toBeGreaterThan(0);
      await visit(page, '/search?q=Eskalation', `${prefix}-suche`);
      await visit(page, '/profile', `${prefix}-profil`);
      await page.getByLabel('Konfliktmanager:in').check();
      await page.getByRole('button', { name: 'Speichern' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Ihre Angaben sind gespeichert.');
      await check(page, `${prefix}-profil-gespeichert`);
      await page.getByRole('button', { name: 'Abmelden' }).click();
      await page.waitForURL(`${base}/login`);
    }),
  );
});

describe('on a phone', () => {
  const phone = { width: 390, height: 844 };
  /** Nothing wider than the screen: no sideways scrolling to reach a link. */
  const noSidewaysScroll = async (page: Page) =>
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);

  it('the trainee finds the menu behind a button, today’s video link without scrolling sideways, and the schedule as cards', () =>
    withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmerin@kokoma.example');
      await check(page, 'handy-teilnehmerin-dashboard');
      await noSidewaysScroll(page);
      expect(await page.locator('nav.site-nav--wide').isVisible()).toBe(false);
      const join = page.getByRole('link', { name: 'Jetzt teilnehmen' });
      if ((await join.count()) > 0) {
        const box = (await join.first().boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
      }
      await page.locator('.site-menu > summary').click();
      await page.locator('.site-menu').getByRole('link', { name: 'Meine Termine' }).click();
      await page.waitForURL(`${base}/schedule`);
      await check(page, 'handy-teilnehmerin-termine');
      await noSidewaysScroll(page);
      const video = page.getByRole('link', { name: 'Link zur Videokonferenz' }).first();
      if ((await video.count()) > 0)
        expect((await video.boundingBox())!.x + (await video.boundingBox())!.width).toBeLessThanOrEqual(phone.width);
    }, phone));
});

describe('Teilnehmende lernen online', () => {
  it('opens a module, reads two lessons, marks them done and sees the progress', () =>
    withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmerin@kokoma.example');
      await visit(page, '/learning', 'teilnehmerin-weiterbildung');
      const before = (await page.locator('#fortschritt-text').textContent())!;
      const doneBefore = Number(/(\d+) von/.exec(before)![1]);

      await page.getByRole('link', { name: 'Haltung und Beratungsrolle' }).click();
      await check(page, 'teilnehmerin-modul-haltung');
      await page.getByRole('link', { name: 'Allparteilichkeit statt Neutralität' }).click();
      await check(page, 'teilnehmerin-lektion-1');
      await page.getByRole('button', { name: 'Als erledigt markieren' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('ist als erledigt markiert');
      await check(page, 'teilnehmerin-lektion-1-erledigt');
      await page.getByRole('link', { name: /Nächste Lektion/ }).click();
      await page.getByRole('button', { name: 'Als erledigt markieren' }).click();
      await check(page, 'teilnehmerin-lektion-2-erledigt');

      await visit(page, '/learning', 'teilnehmerin-weiterbildung-danach');
      const after = (await page.locator('#fortschritt-text').textContent())!;
      expect(Number(/(\d+) von/.exec(after)![1])).toBe(doneBefore + 2);
      const row = page.getByRole('row', { name: /Haltung und Beratungsrolle/ });
      expect(await row.textContent()).toContain('2 / 3');
      expect(await row.textContent()).toContain('in Arbeit');
    }));
});

describe('Durchgänge, Termine und Anmeldung', () => {
  const cohortId = async (name: string) =>
    (await ctx.database.db.select().from(cohorts).where(eq(cohorts.name, name)))[0]!.id;

  it('the SPI-Team reaches every cohort page', () =>
    withPage(async (page) => {
      const running = await cohortId('Durchgang 2026/27 Mitteldeutschland');
      const db = ctx.database.db;
      const [offering] = await db.select().from(offerings).where(eq(offerings.cohortId, running)).limit(1);
      const [session] = await db
        .select()
        .from(scheduleSessions)
        .where(eq(scheduleSessions.offeringId, offering!.id))
        .limit(1);
      const [waiting] = await db.select().from(enrolments).where(eq(enrolments.status, 'warteliste')).limit(1);
      await signInByKeyboard(page, 'admin@kokoma.example');
      for (const [path, shot] of [
        ['/cohorts', 'admin-durchgaenge'],
        [`/cohorts/${running}`, 'admin-durchgang'],
        [`/cohorts/${running}/edit`, 'admin-durchgang-bearbeiten'],
        ['/cohorts/new', 'admin-durchgang-neu'],
        [`/cohorts/${running}/offerings/new`, 'admin-modul-hinzufuegen'],
        [`/offerings/${offering!.id}/edit`, 'admin-angebot-bearbeiten'],
        [`/offerings/${offering!.id}/sessions/new`, 'admin-termin-neu'],
        [`/sessions/${session!.id}/edit`, 'admin-termin-bearbeiten'],
        [`/cohorts/${running}/nominate`, 'admin-nominieren'],
        [`/enrolments/${waiting!.id}/reject`, 'admin-ablehnen'],
        ['/enrolments', 'admin-anmeldungen'],
      ])
        await visit(page, path!, shot!);
      await page.goto(`${base}/cohorts/new`);
      await page.getByRole('button', { name: 'Speichern' }).click();
      await check(page, 'admin-durchgang-neu-fehler');
    }));

  it('a coordinator uploads a list and sees the preview, the SPI-Team confirms, the trainee sees the schedule', async () => {
    const open = await cohortId('Durchgang 2027 Nord-Ost');
    const list = path.join(SHOTS, 'liste-erfurt.csv');
    fs.writeFileSync(
      list,
      '\ufeffVorname;Nachname;E-Mail;Organisation;Funktion;Sektor\r\n' +
        'Zoë;Ørsted;teilnehmende.erfurt2@kokoma.example;Staatliche Gemeinschaftsschule Erfurt-Nord;Schulsozialarbeiterin;Bildungseinrichtung\r\n' +
        'Gül;Aydın;guel.aydin@kokoma.example;Stadtverwaltung Erfurt, Bürgeramt;Sachbearbeiterin;Verwaltung\r\n' +
        'Ohne;Sektor;ohne.sektor@kokoma.example;Verein;;\r\n',
    );
    await withPage(async (page) => {
      await signInByKeyboard(page, 'koordination.erfurt@kokoma.example');
      await visit(page, '/cohorts', 'koordination-durchgaenge');
      await visit(page, `/cohorts/${open}`, 'koordination-durchgang');
      await visit(page, `/cohorts/${open}/nominate`, 'koordination-nominieren');
      await page.getByLabel('Datei').setInputFiles(list);
      await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
      await page.waitForURL(/\/imports\/\d+$/);
      expect(await page.locator('main').textContent()).toContain('2 von 3 Zeilen können übernommen werden.');
      expect(await page.locator('main').textContent()).toContain('Sektor fehlt.');
      await check(page, 'koordination-liste-vorschau');
      await page.getByRole('button', { name: '2 Personen übernehmen' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain(
        'Übernommen mit Platz: 2; auf der Warteliste: 0. Nicht übernommen (fehlerhaft oder schon angemeldet): 1.',
      );
      await check(page, 'koordination-durchgang-nach-import');
      await visit(page, '/enrolments', 'koordination-anmeldungen');
      const running = await cohortId('Durchgang 2026/27 Mitteldeutschland');
      await visit(page, `/cohorts/${running}`, 'koordination-laufender-durchgang');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'admin@kokoma.example');
      await page.goto(`${base}/cohorts/${open}`);
      await page.getByRole('button', { name: /Bestätigen.*Zoë Ørsted/ }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain(
        'Die Teilnahme von Zoë Ørsted ist bestätigt.',
      );
      await check(page, 'admin-durchgang-bestaetigt');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmende.erfurt2@kokoma.example');
      await visit(page, '/schedule', 'teilnehmende-termine');
      expect(await page.locator('main').textContent()).toContain('Rostock, Rathaus, Neuer Markt 1');
      await visit(page, `/cohorts/${open}`, 'teilnehmende-durchgang');
      expect(await page.locator('main').textContent()).toContain('Bestätigt');
    });
  });

  it.each([
    ['trainerin@kokoma.example', 'trainerin'],
    ['teilnehmerin@kokoma.example', 'teilnehmerin'],
  ])('%s sees their sessions and subscribes to the calendar', (email, prefix) =>
    withPage(async (page) => {
      const running = await cohortId('Durchgang 2026/27 Mitteldeutschland');
      await signInByKeyboard(page, email);
      await visit(page, '/cohorts', `${prefix}-durchgaenge`);
      await visit(page, `/cohorts/${running}`, `${prefix}-durchgang`);
      await visit(page, '/schedule', `${prefix}-termine`);
      await page.getByRole('button', { name: 'Kalender-Adresse erstellen' }).click();
      expect(await page.locator('#feed-url').textContent()).toMatch(/\/calendar\/[\w-]+\.ics$/);
      await check(page, `${prefix}-kalender-adresse`);
    }),
  );
});

describe('Anwesenheit', () => {
  const runningId = async () =>
    (await ctx.database.db.select().from(cohorts).where(eq(cohorts.name, 'Durchgang 2026/27 Mitteldeutschland')))[0]!
      .id;

  it('a trainer marks a session, sees the matrix and shows the check-in code; a trainee checks in with it', async () => {
    const running = await runningId();
    const db = ctx.database.db;
    const [third] = await db
      .select({ id: offerings.id })
      .from(offerings)
      .where(and(eq(offerings.cohortId, running), eq(offerings.position, 3)));
    const [session] = await db.select().from(scheduleSessions).where(eq(scheduleSessions.offeringId, third!.id));
    const [live] = await db.select({ sessionId: checkinWindows.sessionId }).from(checkinWindows);
    let code = '';
    await withPage(async (page) => {
      await signInByKeyboard(page, 'trainerin@kokoma.example');
      await visit(page, `/cohorts/${running}`, 'trainerin-durchgang-anwesenheit-fehlt');
      expect(await page.locator('main').textContent()).toContain('Anwesenheit fehlt');
      await visit(page, `/sessions/${session!.id}/attendance`, 'trainerin-anwesenheitsliste');
      await page.getByRole('button', { name: 'Alle noch nicht Erfassten als anwesend markieren' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('als anwesend markiert');
      const row = page.getByRole('row', { name: /Albrecht, Friederike/ });
      await row.getByRole('combobox').selectOption('teilweise');
      await row.getByRole('spinbutton').fill('240');
      await row.getByRole('textbox').fill('Arzttermin am Nachmittag');
      await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Gespeichert: 1 Änderung.');
      await check(page, 'trainerin-anwesenheit-gespeichert');
      await visit(page, `/cohorts/${running}/attendance`, 'trainerin-anwesenheit-matrix');
      await visit(page, `/sessions/${live!.sessionId}/checkin`, 'trainerin-check-in-beamer');
      code = ((await page.locator('.checkin-code').textContent()) ?? '').replace(/\s/g, '');
      expect(code).toMatch(/^\d{6}$/);
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmerin@kokoma.example');
      // the start page shows the session running now, with its video link and the way to check in
      expect(await page.locator('main').textContent()).toContain('Jetzt teilnehmen');
      await page.locator('main').getByRole('link', { name: 'Einchecken' }).first().click();
      await page.waitForURL(`${base}/checkin`);
      await check(page, 'teilnehmerin-einchecken');
      await page.getByLabel('Code').fill(code);
      await page.getByRole('button', { name: 'Einchecken' }).click();
      await page.waitForURL(`${base}/attendance`);
      expect(await page.locator('.kern-alert--success').textContent()).toContain('als anwesend eingetragen');
      await check(page, 'teilnehmerin-meine-anwesenheit');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'admin@kokoma.example');
      await visit(page, `/sessions/${session!.id}/attendance/history`, 'admin-anwesenheit-verlauf');
      expect(await page.locator('main').textContent()).toContain('Arzttermin am Nachmittag');
      await visit(page, `/cohorts/${running}/attendance`, 'admin-anwesenheit-matrix');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'koordination.erfurt@kokoma.example');
      await visit(page, `/cohorts/${running}/attendance`, 'koordination-anwesenheit-matrix');
      expect(await page.locator('main').textContent()).not.toContain('Görlitz');
    });
  });
});

describe('Aufgaben', () => {
  it('a trainee uploads a PDF, the trainer returns it for revision, version 2 passes', async () => {
    const db = ctx.database.db;
    const [task] = await db
      .select()
      .from(assignments)
      .where(eq(assignments.title, 'Konfliktanalyse der eigenen Kommune'));
    const pdf = path.resolve(__dirname, '../fixtures/files/analyse.pdf');
    await withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmende.erfurt4@kokoma.example');
      await visit(page, `/assignments/${task!.id}`, 'teilnehmende-aufgabe');
      await page.getByLabel('Dateien hinzufügen').setInputFiles(pdf);
      await page.getByRole('button', { name: 'Abgeben' }).click();
      expect(await page.locator('.kern-alert--success').first().textContent()).toContain('Ihre Abgabe ist eingegangen');
      expect(await page.locator('main').textContent()).toContain('Ihre Trainer:in liest die Abgabe');
      await check(page, 'teilnehmende-aufgabe-abgegeben');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'trainerin@kokoma.example');
      await visit(page, '/reports', 'trainerin-berichte');
      await visit(page, '/grading', 'trainerin-zu-bewerten');
      await page.getByRole('link', { name: 'Rahimi, Hamid' }).click();
      await check(page, 'trainerin-abgabe');
      await page.getByLabel('Entscheidung').selectOption('ueberarbeiten');
      await page.getByLabel('Rückmeldung', { exact: true }).fill('Bitte ergänzen Sie die Eskalationsstufe.');
      await page.getByRole('button', { name: 'Rückmeldung freigeben' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Die Rückmeldung ist freigegeben');
      await visit(page, `/assignments/${task!.id}`, 'trainerin-aufgabe-uebersicht');
      await visit(page, `/offerings/${task!.offeringId}/assignments/new`, 'trainerin-aufgabe-neu');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmende.erfurt4@kokoma.example');
      await page.goto(`${base}/assignments/${task!.id}`);
      expect(await page.locator('main').textContent()).toContain('Bitte ergänzen Sie die Eskalationsstufe.');
      await page.getByLabel('Dateien hinzufügen').setInputFiles(pdf);
      await page.getByRole('button', { name: 'Abgeben' }).click();
      await check(page, 'teilnehmende-aufgabe-version-2');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'trainerin@kokoma.example');
      await page.goto(`${base}/grading`);
      await page.getByRole('link', { name: 'Rahimi, Hamid' }).click();
      await page.getByLabel('Entscheidung').selectOption('bestanden');
      await page.getByLabel('Rückmeldung', { exact: true }).fill('Jetzt vollständig. Bestanden.');
      await page.getByRole('button', { name: 'Rückmeldung freigeben' }).click();
      const [sub] = await db
        .select()
        .from(submissions)
        .where(eq(submissions.assignmentId, task!.id))
        .then((r) => r.filter((s) => s.state === 'bestanden'));
      expect(sub).toBeDefined();
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'koordination.erfurt@kokoma.example');
      await visit(page, `/assignments/${task!.id}`, 'koordination-aufgabe-stand');
      expect(await page.locator('main').textContent()).not.toContain('.pdf');
    });
  });
});

describe('Bescheinigungen', () => {
  it('the SPI-Team issues a certificate, a trainee downloads theirs, anyone verifies it', async () => {
    const db = ctx.database.db;
    const [done] = await db.select().from(cohorts).where(eq(cohorts.name, 'Durchgang 2025/26 Oberlausitz'));
    const valid = await db
      .select()
      .from(certificates)
      .where(and(eq(certificates.cohortId, done!.id), eq(certificates.state, 'gueltig')));
    const withPassword = await db
      .select()
      .from(users)
      .where(
        and(
          inArray(
            users.id,
            valid.map((c) => c.userId),
          ),
          isNotNull(users.passwordHash),
        ),
      );
    await withPage(async (page) => {
      await signInByKeyboard(page, 'admin@kokoma.example');
      await visit(page, '/certificates', 'admin-register');
      await visit(page, `/certificates/${valid[0]!.id}`, 'admin-bescheinigung');
      await visit(page, `/cohorts/${done!.id}/certificates`, 'admin-bescheinigungen-ausstellen');
      await page
        .getByRole('button', { name: /Ausstellen/ })
        .first()
        .click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Neu ausgestellt: 1');
      await check(page, 'admin-bescheinigung-ausgestellt');
      // everything else open in the cohort, as one run: the page follows its progress and ends with the summary
      await page.getByRole('radio', { name: /Alles Offene/ }).check();
      await page.getByRole('button', { name: 'Ausstellung starten' }).click();
      await page.waitForURL(/\/certificate-runs\/\d+$/);
      await page.locator('#run-state', { hasText: 'Fertig.' }).waitFor({ timeout: 30_000 });
      const bar = page.locator('progress#run-progress');
      expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
      await check(page, 'admin-ausstellung-fertig');
      // a run cut off by a restart: the page says so and offers to go on
      const long = new Date(Date.now() - 10 * 60_000);
      const [orphan] = await db
        .insert(certificateRuns)
        .values({ cohortId: done!.id, total: 5, done: 2, created: 2, startedAt: long, updatedAt: long })
        .returning();
      await visit(page, `/certificate-runs/${orphan!.id}`, 'admin-ausstellung-unterbrochen');
      expect(await page.locator('#run-state').textContent()).toContain('kommt seit über einer Minute nicht weiter');
      await db.update(certificateRuns).set({ state: 'abgebrochen' }).where(eq(certificateRuns.id, orphan!.id));
    });
    const holder = withPassword[0]!;
    {
      await withPage(async (page) => {
        await signInByKeyboard(page, holder.email);
        await visit(page, '/my/certificates', 'teilnehmende-bescheinigungen');
        const download = page.waitForEvent('download');
        await page
          .getByRole('link', { name: /Zertifikat .* als PDF herunterladen/ })
          .first()
          .click();
        expect((await download).suggestedFilename()).toMatch(/^KOKOMA-\d{4}-\d{6}\.pdf$/);
        // the QR code on the downloaded PDF leads to the verification page of this very certificate
        const url = qrOnFirstPage((await (await download).path())!);
        expect(url).toMatch(/^http:\/\/campus\.test\/verify\/[A-Z2-9]{5}-[A-Z2-9]{5}$/);
        await visit(page, new URL(url!).pathname, 'teilnehmende-qr-pruefseite');
        expect(await page.locator('main').textContent()).toContain('Diese Bescheinigung ist gültig.');
        expect(await page.locator('main').textContent()).toContain(holder.lastName);
      });
    }
    await withPage(async (page) => {
      const zert = valid.find((c) => c.kind === 'zertifikat')!;
      await visit(page, `/verify/${zert.code}`, 'anonym-pruefung-gueltig');
      expect(await page.locator('main').textContent()).toContain('Diese Bescheinigung ist gültig.');
      const replaced = (
        await db
          .select()
          .from(certificates)
          .where(and(eq(certificates.cohortId, done!.id), eq(certificates.state, 'ersetzt')))
      )[0]!;
      await visit(page, `/verify/${replaced.code}`, 'anonym-pruefung-ersetzt');
      await page.getByRole('link', { name: /Zur gültigen Fassung/ }).click();
      expect(await page.locator('main').textContent()).toContain('Diese Bescheinigung ist gültig.');
      const res = await page.goto(`${base}/verify/ABCDE-FGHJK`);
      expect(res?.status()).toBe(404);
      await check(page, 'anonym-pruefung-unbekannt');
    });
  });
});

describe('Zwei-Faktor-Anmeldung', () => {
  it('a trainer sets it up with the secret as text, signs in with a code, and the SPI-Team resets it', async () => {
    const email = 'trainer.brandt@kokoma.example';
    const secretText = await (async () => {
      let secret = '';
      await withPage(async (page) => {
        await signInByKeyboard(page, email);
        await visit(page, '/profile', 'trainer-profil-zwei-faktor');
        await page.getByRole('link', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
        await check(page, 'trainer-zwei-faktor-einrichten');
        secret = (await page.locator('.mfa-secret').textContent())!.replace(/\s/g, '');
        await page.getByLabel('Sechsstelliger Code aus der App').fill('000000');
        await page.getByRole('button', { name: 'Einrichten' }).click();
        await check(page, 'trainer-zwei-faktor-code-falsch');
        await page
          .getByLabel('Sechsstelliger Code aus der App')
          .fill(await codeAt(Buffer.from(base32.parse(secret, { loose: true })), ctx.clock.now()));
        await page.getByRole('button', { name: 'Einrichten' }).click();
        expect(await page.locator('.mfa-codes li').count()).toBe(10);
        await check(page, 'trainer-zwei-faktor-wiederherstellungscodes');
        await page.getByRole('link', { name: /Ich habe die Codes aufbewahrt/ }).click();
        await check(page, 'trainer-zwei-faktor-eingeschaltet');
      });
      return secret;
    })();
    await withPage(async (page) => {
      await signInByKeyboard(page, email, '/login/code');
      await check(page, 'anonym-zweiter-faktor');
      ctx.clock.advance(30_000);
      await page.getByLabel('Code', { exact: true }).focus();
      await page.keyboard.type(await codeAt(Buffer.from(base32.parse(secretText, { loose: true })), ctx.clock.now()));
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/`);
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'admin@kokoma.example');
      const trainer = (await ctx.database.db.select().from(users).where(eq(users.email, email)))[0]!;
      await visit(page, `/people/${trainer.id}`, 'admin-person-zwei-faktor');
      await page.getByRole('link', { name: 'Zwei-Faktor-Anmeldung zurücksetzen' }).click();
      await check(page, 'admin-zwei-faktor-zuruecksetzen');
      await page.getByRole('button', { name: 'Zurücksetzen' }).click();
      await check(page, 'admin-zwei-faktor-zuruecksetzen-fehler');
      await page.getByLabel('Ich habe die Identität der Person geprüft.').check();
      await page.getByLabel(/Wie geprüft/).fill('Rückruf unter der Dienstnummer');
      await page.getByRole('button', { name: 'Zurücksetzen' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('ist zurückgesetzt');
    });
    await withPage((page) => signInByKeyboard(page, email));
  });
});

describe('Meine Daten', () => {
  it('a trainee requests their data, is told when it is ready, and downloads one ZIP', () =>
    withPage(async (page) => {
      await signInByKeyboard(page, 'teilnehmerin@kokoma.example');
      await page.goto(`${base}/profile`);
      await page.getByRole('link', { name: 'Meine Daten' }).click();
      await check(page, 'teilnehmerin-meine-daten');
      await page.getByRole('button', { name: 'Meine Daten anfordern' }).click();
      await check(page, 'teilnehmerin-meine-daten-angefordert');
      await ctx.deps.jobs.settled();
      await page.getByRole('link', { name: 'Seite neu laden' }).click();
      await check(page, 'teilnehmerin-meine-daten-bereit');
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: /ZIP-Datei vom .* herunterladen/ }).click();
      expect((await download).suggestedFilename()).toMatch(/^meine-daten-kokoma-\d{4}-\d{2}-\d{2}\.zip$/);
      const zip = fs.readFileSync((await (await download).path())!);
      expect(zip.subarray(0, 2).toString()).toBe('PK');
    }));
});

describe('Löschung', () => {
  it('a trainee asks to be erased, the SPI-Team sees what goes and what stays, and erases', async () => {
    const email = 'teilnehmende.erfurt1@kokoma.example';
    await withPage(async (page) => {
      await signInByKeyboard(page, email);
      await page.goto(`${base}/profile/data`);
      await page.getByLabel(/Anmerkung/).fill('Ich wechsle in eine andere Kommune.');
      await page.getByRole('button', { name: 'Löschung beantragen' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Ihr Antrag ist eingegangen');
      await check(page, 'teilnehmende-loeschung-beantragt');
    });
    await withPage(async (page) => {
      await signInByKeyboard(page, 'admin@kokoma.example');
      await visit(page, '/admin/erasure', 'admin-loeschantraege');
      const [who] = await ctx.database.db.select().from(users).where(eq(users.id, ids.trainee!));
      await page.getByRole('link', { name: `${who!.firstName} ${who!.lastName}` }).click();
      await check(page, 'admin-loeschantrag');
      await page.getByRole('button', { name: 'Jetzt löschen' }).click();
      await check(page, 'admin-loeschantrag-fehler');
      await page.getByLabel(/Ich habe geprüft/).check();
      await page.getByRole('button', { name: 'Jetzt löschen' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Die Person ist gelöscht');
      await check(page, 'admin-loeschantraege-danach');
      // the retention periods: what is due, and the night's run at once
      await visit(page, '/admin/retention', 'admin-aufbewahrung');
      await page.getByLabel(/Ich habe geprüft/).check();
      await page.getByRole('button', { name: 'Fällige Fristen jetzt anwenden' }).click();
      expect(await page.locator('.kern-alert--success').textContent()).toContain('Angewendet');
      await check(page, 'admin-aufbewahrung-angewendet');
    });
    const [erased] = await ctx.database.db.select().from(users).where(eq(users.id, ids.trainee!));
    expect(erased!.erasedAt).not.toBeNull();
  });
});
