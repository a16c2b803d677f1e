import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function start(env: Record<string, string>) {
  const child = spawn(tsx, ['src/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', SCRYPT_LOG_N: '10', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(port: number, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch {
      if (Date.now() > deadline) throw new Error('server did not come up');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

it('a first start in development migrates, seeds demo data, prints the logins, and stops gracefully on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-start-'));
  const port = 3900 + Math.floor(Math.random() * 90);
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
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
  } finally {
    server.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it('warns loudly when a development server listens beyond loopback', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-open-'));
  const port = 3990 + Math.floor(Math.random() * 9);
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
    // SIGTERM, not SIGKILL: tsx passes it on to the server it runs; SIGKILL would orphan that process
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    server.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it('refuses to start in production without SESSION_SECRET and BASE_URL, saying which is missing', async () => {
  const server = start({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain('es fehlt SESSION_SECRET, BASE_URL');
}, 60_000);
