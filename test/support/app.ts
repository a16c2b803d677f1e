import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { buildDeps, type Deps } from '../../src/deps';
import { createApp } from '../../src/app';
import { TestClock } from '../../src/platform/clock';
import type { Database } from '../../src/platform/db/client';
import { createTestDatabase } from './db';
import { TestSmtp } from './smtp';
import { TEST_PASSWORD } from './builders';

export type TestContext = {
  app: Express;
  deps: Deps;
  database: Database;
  clock: TestClock;
  smtp: TestSmtp;
  dataDir: string;
  close(): Promise<void>;
};

/** The real app on a real database, a real SMTP server on loopback and a clock the test can move. */
export async function createTestContext(
  env: Record<string, string> = {},
  tweak?: (deps: Deps) => void,
  givenDatabase?: Database,
): Promise<TestContext> {
  const database = givenDatabase ?? (await createTestDatabase());
  const smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const clock = new TestClock();
  // uploaded files go to a fresh folder per test context, removed on close
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-test-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    BASE_URL: 'http://campus.test',
    SMTP_URL: smtpUrl,
    SCRYPT_LOG_N: '10',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...env,
  });
  const deps = await buildDeps(config, { database, clock, logger: pino({ level: 'silent' }) });
  tweak?.(deps);
  deps.mailer.start();
  const app = createApp(deps);
  return {
    app,
    deps,
    database,
    clock,
    smtp,
    dataDir,
    async close() {
      await deps.jobs.stop();
      await deps.mailer.stop();
      await smtp.stop();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The hidden CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on page');
  return match[1];
}

export type Agent = ReturnType<typeof request.agent> & { csrf(): Promise<string> };

/** A browser-like agent (cookies kept) that knows how to fetch a CSRF token. */
export function agentFor(app: Express): Agent {
  const agent = request.agent(app) as Agent;
  agent.csrf = async () => {
    const res = await agent.get('/profile');
    if (res.status === 200) return csrfFrom(res.text);
    return csrfFrom((await agent.get('/login')).text);
  };
  return agent;
}

/** Signs a person in through the real login form. */
export async function signIn(app: Express, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = agentFor(app);
  const page = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  if (res.status !== 302) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return agent;
}
