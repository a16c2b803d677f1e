import net from 'node:net';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { base32 } from 'rfc4648';
import { createTestContext, type TestContext } from '../support/app';
import { makeUser, TEST_PASSWORD } from '../support/builders';
import { codeAt } from '../../src/features/mfa/totp';
import { axeViolations, launch, screenshot } from './browser';

// A passkey belongs to a site name, and browsers take no IP address as one: this journey runs its own app at
// http://localhost:<port>, with BASE_URL saying so, and Chromium's virtual authenticator in place of a fingerprint.
let ctx: TestContext;
let server: Server;
let browser: Browser;
let base: string;

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  ctx = await createTestContext({ BASE_URL: base });
  server = ctx.app.listen(port, '127.0.0.1');
  await once(server, 'listening');
  browser = await launch(['--host-resolver-rules=MAP localhost 127.0.0.1']);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await ctx?.close();
});

async function check(page: Page, shot: string): Promise<void> {
  await screenshot(page, shot);
  expect([shot, await axeViolations(page)]).toEqual([shot, []]);
}

async function password(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${base}/login/code`);
}

it('a person adds a passkey on the two-factor page and confirms the next sign-in with it', async () => {
  const person = await makeUser(ctx.database.db, { role: 'trainer', email: 'passkey.brandt@kokoma.example' });
  const setup = await ctx.deps.mfa.pendingSetup({ ...person });
  const secret = Buffer.from(base32.parse(setup!.secret.replace(/ /g, ''), { loose: true }));
  await ctx.deps.mfa.confirmSetup({ ...person }, await codeAt(secret, ctx.clock.now()));
  ctx.clock.advance(30_000);

  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  try {
    await password(page, person.email);
    // no passkey yet: the code page asks for the app's code only
    expect(await page.getByRole('button', { name: 'Mit Passkey bestätigen' }).count()).toBe(0);
    await page.getByLabel('Code').fill(await codeAt(secret, ctx.clock.now()));
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/mfa`);
    await check(page, 'passkey-mfa-seite');
    await page.getByRole('button', { name: 'Passkey hinzufügen' }).click();
    await page.getByText('Bitte geben Sie dem Passkey einen Namen.').waitFor();
    await page.getByLabel('Name des Passkeys').fill('Laptop im Büro');
    await page.getByRole('button', { name: 'Passkey hinzufügen' }).click();
    await page.locator('.kern-alert--success').waitFor();
    expect(await page.locator('.kern-alert--success').textContent()).toContain(
      'Der Passkey „Laptop im Büro“ ist hinzugefügt',
    );
    expect(await page.getByRole('row', { name: /Laptop im Büro/ }).count()).toBe(1);
    await check(page, 'passkey-hinzugefuegt');

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await password(page, person.email);
    await check(page, 'passkey-anmeldung');
    await page.getByRole('button', { name: 'Mit Passkey bestätigen' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.getByText(`${person.firstName} ${person.lastName}`).count()).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
});
