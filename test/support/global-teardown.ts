import fs from 'node:fs';
import { admin } from './global-setup';

/** Removes the run's template (the PGlite dump, or the template database on the server). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KOKOMA_TEST_TEMPLATE) fs.rmSync(process.env.KOKOMA_TEST_TEMPLATE, { force: true });
  if (process.env.KOKOMA_TEST_TEMPLATE_DB && process.env.DATABASE_URL) {
    await admin(
      process.env.DATABASE_URL,
      `drop database if exists ${process.env.KOKOMA_TEST_TEMPLATE_DB} with (force)`,
    );
  }
}
