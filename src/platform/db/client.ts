import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from '../../schema';
import { projectRoot } from '../paths';
import { noteStatement } from './data-version';
import { withPreparedStatements } from './pglite-prepared';

export type Schema = typeof schema;
/** A database or a transaction: queries take this as their first argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** SQL as text with $n parameters (several statements when there are none): for the job queue's own statements. */
  execute(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
  /** PostgreSQL only: the pool's connections, for /metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  /** PGlite only: the whole database as a tarball (test templates). */
  dump?: () => Promise<Blob>;
};

/**
 * Settings every connection gets. A one-letter typo in a name of 6–8 letters has a word similarity of about 0.5, below
 * pg_trgm's default of 0.6 for the `<%` operator (which the trigram index serves).
 */
const SESSION_SETTINGS = 'set pg_trgm.word_similarity_threshold = 0.45; set standard_conforming_strings = on';
const STARTUP_OPTIONS = '-c pg_trgm.word_similarity_threshold=0.45';

/** How long to wait for PostgreSQL: a server that holds connections open but stays silent must not hold requests. */
export type PoolSettings = {
  max: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
};
export const DEFAULT_POOL: PoolSettings = {
  max: 10,
  connectTimeoutMs: 3000,
  statementTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
};

const migrationsFolder = path.join(projectRoot, 'drizzle');

/**
 * DATABASE_URL set -> node-postgres pool; unset -> embedded PGlite in dataDir (or in memory when dataDir is null).
 * The same Drizzle schema and the same generated migrations serve both.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string | null;
  onPoolError?: (err: Error) => void;
  pool?: Partial<PoolSettings>;
  /** An in-memory PGlite starts from this dump (a migrated template: the tests migrate once, not per file). */
  loadDataDir?: Blob;
  /** Told of every statement the app's queries send (the benchmark counts round trips per page). */
  onQuery?: (text: string, params: unknown[]) => void;
}): Promise<Database> {
  // every statement passes here: a request's memo of data versions is dropped by its writes (see data-version.ts)
  const logger = {
    logQuery: (text: string, params: unknown[]) => {
      noteStatement(text);
      opts.onQuery?.(text, params);
    },
  };
  if (opts.databaseUrl)
    return openPostgres(opts.databaseUrl, { ...DEFAULT_POOL, ...opts.pool }, opts.onPoolError, logger);
  return openPglite(opts.dataDir, opts.loadDataDir, logger);
}

type QueryLogger = { logQuery: (text: string, params: unknown[]) => void };

async function openPostgres(
  url: string,
  p: PoolSettings,
  onPoolError: ((err: Error) => void) | undefined,
  logger: QueryLogger,
): Promise<Database> {
  const { Client, Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new Pool({
    Client: preparingClient(Client),
    connectionString: url,
    max: p.max,
    connectionTimeoutMillis: p.connectTimeoutMs,
    idleTimeoutMillis: p.idleTimeoutMs,
    // the server ends a statement (and a forgotten transaction) itself; the client gives up a little later, for a
    // server that does not answer at all; keepalive finds connections whose other end is gone
    statement_timeout: p.statementTimeoutMs,
    query_timeout: p.statementTimeoutMs + 2000,
    idle_in_transaction_session_timeout: p.statementTimeoutMs * 2,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    options: STARTUP_OPTIONS,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (err) => onPoolError?.(err));
  const db = drizzle(pool, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    // on a connection of its own without a statement timeout: building an index on a large table may take a while
    async migrate() {
      const client = new Client({
        connectionString: url,
        connectionTimeoutMillis: p.connectTimeoutMs,
        options: STARTUP_OPTIONS,
      });
      await client.connect();
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder });
      } finally {
        await client.end();
      }
    },
    ping: async () => void (await db.execute(sql`select 1`)),
    execute: async (text, values) => ({ rows: (await pool.query(text, values as unknown[])).rows }),
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: p.max }),
  };
}

/** Distinct statements one connection keeps prepared; beyond them statements go unnamed (planned each time). */
const PREPARED_PER_CONNECTION = 256;

/**
 * A pg Client that names the app's statements by their text, so PostgreSQL parses them once per connection and, from
 * the sixth run on, may keep a generic plan instead of planning every call (2 ms for a six-table join on this
 * machine, several times its execution). The query shapes are finite (drizzle writes the same text for the same
 * shape); the cap bounds what a connection holds when lists of varying length make new texts.
 */
function preparingClient(Base: typeof import('pg').Client): typeof import('pg').Client {
  class PreparingClient extends Base {
    readonly prepared = new Set<string>();
  }
  const query = Base.prototype.query;
  PreparingClient.prototype.query = function (this: PreparingClient, config: unknown, ...rest: unknown[]) {
    if (config && typeof config === 'object' && typeof (config as { text?: unknown }).text === 'string') {
      const c = config as { text: string; name?: string };
      if (!c.name) {
        const name = `k${createHash('sha1').update(c.text).digest('hex').slice(0, 20)}`;
        if (this.prepared.has(name) || this.prepared.size < PREPARED_PER_CONNECTION) {
          this.prepared.add(name);
          config = { ...c, name };
        }
      }
    }
    return (query as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof query;
  return PreparingClient;
}

async function openPglite(
  dataDir: string | null,
  loadDataDir: Blob | undefined,
  logger: QueryLogger,
): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  // pg_trgm (typo-tolerant people search) is an extension: PGlite loads it into the WASM build, a server has it in contrib
  // (the subpath is in the package's exports; TypeScript's "node" resolution only finds its types by file path)
  const contrib = '@electric-sql/pglite/contrib/pg_trgm';
  const { pg_trgm } = (await import(contrib)) as typeof import('@electric-sql/pglite/dist/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const release = dataDir ? await lockDataDir(dataDir) : async () => undefined;
  const client = dataDir
    ? new PGlite(path.join(dataDir, 'pglite'), { extensions: { pg_trgm } })
    : new PGlite({ extensions: { pg_trgm }, loadDataDir });
  await client.waitReady;
  await client.exec(SESSION_SETTINGS);
  const db = drizzle(withPreparedStatements(client), { schema, logger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(drizzle(client, { schema }), { migrationsFolder }),
    ping: async () => void (await db.execute(sql`select 1`)),
    async execute(text, values) {
      if (values?.length) return { rows: (await client.query(text, values)).rows };
      // the extended protocol takes one statement; several (the queue's migrations, its locked blocks) go as one script
      const results = await client.exec(text);
      return { rows: results[results.length - 1]?.rows ?? [] };
    },
    close: async () => {
      await client.close();
      await release();
    },
    dump: async () => (await client.dumpDataDir('none')) as Blob,
  };
}

/** Fills an empty data directory from a dump of another one (a restore); the lock keeps a server out meanwhile. */
export async function loadPgliteDataDir(dataDir: string, tarball: Blob): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const contrib = '@electric-sql/pglite/contrib/pg_trgm';
  const { pg_trgm } = (await import(contrib)) as typeof import('@electric-sql/pglite/dist/contrib/pg_trgm');
  fs.mkdirSync(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  try {
    const client = new PGlite(path.join(dataDir, 'pglite'), { extensions: { pg_trgm }, loadDataDir: tarball });
    await client.waitReady;
    await client.close();
  } finally {
    await release();
  }
}

/** Whether a PostgreSQL database has no tables yet (a restore goes only into an empty one). */
export async function isEmptyPostgres(url: string): Promise<boolean> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    return rows[0]!.n === 0;
  } finally {
    await client.end();
  }
}

/** Thrown when a second process tries to open the embedded database: it must be PostgreSQL for several instances. */
export class DataDirInUse extends Error {}

/**
 * The embedded database belongs to one process: a second server (or a backup) on the same folder would corrupt it.
 * A lock file that its process keeps fresh; after a crash it counts as stale within seconds.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const { lock } = await import('proper-lockfile');
  try {
    // a restart right after a crash waits until the dead process's lock has gone stale (5 s) instead of failing
    return await lock(dataDir, {
      lockfilePath: path.join(dataDir, 'pglite.lock'),
      stale: 5000,
      update: 1000,
      retries: { retries: 8, minTimeout: 1000, maxTimeout: 1000 },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED')
      throw new DataDirInUse(
        `Die eingebettete Datenbank in ${dataDir} wird schon von einem anderen Prozess benutzt (läuft der Server noch?). ` +
          'Für mehrere Instanzen PostgreSQL verwenden (DATABASE_URL); für eine Sicherung den Server vorher beenden.',
      );
    throw err;
  }
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  // statement timeout: the database is too busy (or stuck) to answer in time, which is not the request's fault
  '57014',
]);

/** True when an error means "the database is not reachable right now" (answer 503), not a bug (500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
    const message = String((e as { message?: unknown }).message ?? '');
    if (
      /PGlite is closed|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}
