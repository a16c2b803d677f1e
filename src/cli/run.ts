import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config';
import { DataDirInUse, openDatabase, type Database } from '../platform/db/client';
import { createLogger } from '../platform/logger';

/** An expected failure (bad arguments, an existing account): its message is all the operator needs. */
export class CommandError extends Error {}

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Runs `work`, then exits: 0, or 1 with a German message (and the details for anything unexpected). */
async function finish(name: string, work: () => Promise<void>): Promise<never> {
  try {
    await work();
  } catch (err) {
    if (err instanceof CommandError) console.error(err.message);
    else console.error(`${name} fehlgeschlagen:`, err);
    process.exitCode = 1;
  }
  // a mail transport or pool timer must not keep a finished command waiting
  process.exit(process.exitCode ?? 0);
}

/** A command-line step with the server's configuration and database. */
export async function runCommand(
  name: string,
  work: (ctx: { config: Config; database: Database; logger: Logger }) => Promise<void>,
): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: config.pool,
  }).catch((err: unknown) => {
    if (!(err instanceof DataDirInUse)) throw err;
    console.error(err.message);
    process.exit(1);
  });
  await finish(name, async () => {
    try {
      await work({ config, database, logger });
    } finally {
      await database.close().catch(() => undefined);
    }
  });
}

/** A command-line step that must not open the database itself (a restore creates it). */
export async function runCommandWithoutDatabase(name: string, work: (ctx: { config: Config }) => Promise<void>) {
  const config = configOrExit();
  await finish(name, () => work({ config }));
}
