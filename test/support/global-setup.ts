import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '../../src/platform/db/client';

/**
 * Migrates one database for the whole test run, and every test file copies it: a PGlite dump that each file loads,
 * or on a PostgreSQL server a template database (CREATE DATABASE … TEMPLATE). Migrating 16 times per file was most of
 * a small test file's time.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: null });
    await database.migrate();
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
  await database.migrate();
  await database.close();
  process.env.KOKOMA_TEST_TEMPLATE_DB = name;
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
