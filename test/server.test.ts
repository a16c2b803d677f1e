import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portFreeWithin, startProcess, waitForHealth } from './support/processes';

// as the README says: `npm start` (which execs node, so a SIGTERM to the PID npm started reaches the server)
const start = (env: Record<string, string>) => startProcess('npm', ['start', '--silent'], env);

it('a first start in development migrates, seeds demo data, prints the logins, and stops gracefully on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-start-'));
  const port = await freePort();
  const server = start({ NODE_ENV: 'development', PORT: String(port), DATA_DIR: dataDir });
  try {
    const health = await waitForHealth(port);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok', mail: 'dev' });
    expect(server.output()).toContain('Demo-Daten angelegt');
    // on loopback by default: no warning
    expect(server.output()).not.toContain('ACHTUNG');
    expect(server.output()).toContain('admin@kokoma.example');
    expect(server.output()).toContain('kokoma-demo');
    expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
    server.kill('SIGTERM');
    expect(await portFreeWithin(port, 10_000)).toBe(true);
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
  } finally {
    server.killAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it('warns loudly when a development server listens beyond loopback', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-open-'));
  const port = await freePort();
  const server = start({
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '0.0.0.0',
    DATA_DIR: dataDir,
    SEED_DEMO: 'never',
  });
  try {
    await waitForHealth(port);
    expect(server.output()).toContain('ACHTUNG: KoKoMa Campus läuft im Modus "development" und lauscht auf 0.0.0.0');
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    server.killAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it('refuses to start in production without SESSION_SECRET and BASE_URL, saying which is missing', async () => {
  const server = start({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain('es fehlt SESSION_SECRET, BASE_URL');
}, 60_000);
