import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestSmtp, linkIn } from './support/smtp';
import { freePort, portFreeWithin, runToEnd, startProcess, waitForHealth } from './support/processes';

// The production path as the README's operations guide has it: build, create the first account, serve, stop.
const smtp = new TestSmtp();
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  const build = await runToEnd('npm', ['run', 'build', '--silent'], {});
  expect(build.output).toBe('');
  expect(build.code).toBe(0);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-prod-'));
  env = {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'a-production-secret-of-some-length',
    BASE_URL: 'https://campus.example.org',
    SMTP_URL: await smtp.start(),
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  };
}, 120_000);

afterAll(async () => {
  await smtp.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('migrates, creates the first SPI-Team account from the command line, serves from dist/ and stops on SIGTERM', async () => {
  const migrated = await runToEnd('npm', ['run', 'migrate', '--silent'], env);
  expect(migrated.output).toContain('ist auf dem neuesten Stand');
  expect(migrated.code).toBe(0);

  const email = `erstes.konto.${Date.now()}@spi.example`;
  const created = await runToEnd(
    'npm',
    ['run', 'admin:create', '--silent', '--', '--email', email, '--name', 'Ada Anfang'],
    env,
  );
  expect(created.output).toContain(`SPI-Team-Konto angelegt: Ada Anfang <${email}>`);
  expect(created.code).toBe(0);
  const printed = /https:\/\/campus\.example\.org(\/password\/set\/\S+)/.exec(created.output)![1]!;

  const again = await runToEnd(
    'npm',
    ['run', 'admin:create', '--silent', '--', '--email', email, '--name', 'Ada Anfang'],
    env,
  );
  expect(again.code).toBe(1);
  expect(again.output).toContain('Nicht angelegt');
  const bad = await runToEnd('npm', ['run', 'admin:create', '--silent', '--', '--email', 'kaputt'], env);
  expect(bad.code).toBe(1);
  expect(bad.output).toContain('Aufruf: npm run admin:create');

  const port = await freePort();
  const metricsPort = await freePort();
  const server = startProcess('npm', ['run', 'serve', '--silent'], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    METRICS_PORT: String(metricsPort),
  });
  try {
    expect((await waitForHealth(port)).status).toBe(200);
    // the invitation queued by the command leaves through the server's outbox
    const mail = await smtp.mailTo(email, 'Ihr Zugang zu KoKoMa Campus', 20_000);
    expect(mail.text).toContain('Die technische Betreuung von KoKoMa Campus hat für Sie einen Zugang');
    expect(linkIn(mail.text)).toBe(printed);
    const page = await fetch(`http://127.0.0.1:${port}${printed}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="password"');
    // METRICS_PORT: Prometheus reads /metrics on the internal port without a token; the public port has none
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /kokoma_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    server.kill('SIGTERM');
    expect(await portFreeWithin(port, 10_000)).toBe(true);
    expect(await portFreeWithin(metricsPort, 10_000)).toBe(true);
    expect(await server.exited).toBe(0);
  } finally {
    server.killAll();
  }
}, 120_000);
