import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { openDatabase, type Database } from '../../src/platform/db/client';
import { JobQueue } from '../../src/platform/jobs/queue';

/**
 * Migrates one database for the whole test run, and every test file copies it: a PGlite dump that each file loads,
 * or on a PostgreSQL server a template database (CREATE DATABASE … TEMPLATE). Migrating 16 times per file was most of
 * a small test file's time.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: null });
    await migrateAll(database);
    const dump = await database.dump!();
    const file = path.join(os.tmpdir(), `kokoma-template-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    process.env.KOKOMA_TEST_TEMPLATE = file;
    return;
  }
  const name = `kokoma_tpl_${crypto.randomBytes(6).toString('hex')}`;
  await admin(url, `create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: own.toString(), dataDir: null });
  await migrateAll(database);
  await database.close();
  process.env.KOKOMA_TEST_TEMPLATE_DB = name;
}

/** Our migrations and the job queue's schema (pg-boss installs its own at its first start). */
async function migrateAll(database: Database): Promise<void> {
  await database.migrate();
  const jobs = new JobQueue(database, pino({ level: 'silent' }), { workers: false });
  await jobs.start();
  await jobs.stop();
}

export async function admin(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
