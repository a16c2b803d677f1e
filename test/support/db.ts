import crypto from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/client';

/**
 * A real, empty, migrated database for one test file: in-memory PGlite by default, or a fresh database on the
 * PostgreSQL server named by DATABASE_URL (dropped again afterwards).
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  const template = process.env.KOKOMA_TEST_TEMPLATE;
  const templateDb = process.env.KOKOMA_TEST_TEMPLATE_DB;
  if (!url) {
    // a copy of the run's migrated template (see global-setup.ts); without one (a single file run by hand), migrate
    const database = await openDatabase({
      dataDir: null,
      loadDataDir: template ? new Blob([fs.readFileSync(template)]) : undefined,
    });
    if (!template) await database.migrate();
    return database;
  }
  const name = `kokoma_t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(url, templateDb ? `create database ${name} template ${templateDb}` : `create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: own.toString(), dataDir: null });
  if (!templateDb) await database.migrate();
  return {
    ...database,
    url: own.toString(),
    close: async () => {
      await database.close();
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
