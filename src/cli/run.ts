import { ConfigError, loadConfig, type Config } from '../config';
import { DataDirInUse, openDatabase, type Database } from '../platform/db/client';
import { createLogger } from '../platform/logger';
import type { Logger } from 'pino';

/** A command-line step with the server's configuration and database; a German message and exit code 1 when it fails. */
export async function runCommand(
  name: string,
  work: (ctx: { config: Config; database: Database; logger: Logger }) => Promise<void>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
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
  try {
    await work({ config, database, logger });
  } catch (err) {
    if (err instanceof CommandError) console.error(err.message);
    else console.error(`${name} fehlgeschlagen:`, err);
    process.exitCode = 1;
  } finally {
    await database.close().catch(() => undefined);
  }
  // a mail transport or pool timer must not keep a finished command waiting
  process.exit(process.exitCode ?? 0);
}

/** An expected failure (bad arguments, an existing account): its message is all the operator needs. */
export class CommandError extends Error {}
