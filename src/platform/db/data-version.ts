import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import { sql } from 'drizzle-orm';
import type { Db } from './client';

/** Versions the database moves on with every change to what they cover (triggers; drizzle/0023_completion_version.sql). */
export type DataVersionName = 'completion' | 'people' | 'catalogue' | 'process';

/**
 * One request reads each version once: a start page that asks for five cohorts' completion reads it once, not five
 * times. Any statement of the request that is not a read drops what it has read (`noteStatement`, from the database
 * client), so a request that writes and then reads sees its own change.
 */
const requestScope = new AsyncLocalStorage<Map<DataVersionName, Promise<string>>>();

export const versionScope: RequestHandler = (_req, _res, next) => requestScope.run(new Map(), next);

/** Told of every statement the app sends (platform/db/client.ts). */
export function noteStatement(text: string): void {
  const seen = requestScope.getStore();
  if (seen?.size && !/^\s*select\b/i.test(text)) seen.clear();
}

/**
 * Every version as one JSON object, for a statement the request sends anyway (the session read): the pages that use
 * cached computations then need no read of their own.
 */
export const allVersionsSql = sql<Record<
  string,
  string
> | null>`(select json_object_agg(name, n::text) from data_versions)`;

/** Versions read along with another statement of this request count as read (before any computation that uses them). */
export function primeVersions(versions: Record<string, string> | null | undefined): void {
  const seen = requestScope.getStore();
  if (!seen || !versions) return;
  for (const [name, n] of Object.entries(versions))
    if (!seen.has(name as DataVersionName)) seen.set(name as DataVersionName, Promise.resolve(n));
}

async function versionOf(db: Db, name: DataVersionName): Promise<string> {
  const seen = requestScope.getStore();
  const known = seen?.get(name);
  if (known) return known;
  // the promise is kept, so the parallel parts of one page share a single read
  const reading = readVersion(db, name);
  seen?.set(name, reading);
  reading.catch(() => seen?.delete(name));
  return reading;
}

async function readVersion(db: Db, name: DataVersionName): Promise<string> {
  const result = (await db.execute(sql`select n::text as n from data_versions where name = ${name}`)) as unknown as {
    rows: Array<{ n: string }>;
  };
  return result.rows[0]?.n ?? '0';
}

/**
 * A computation cached under a database-maintained version: one tiny read instead of the computation whenever nothing
 * it reads has changed since, on any instance. The version is read before the computation, so a change committed in
 * between only costs a recomputation, never a stale answer. The result is shared between requests: frozen, and callers
 * must not change it. Results that depend on the time are keyed by the minute (`now`).
 */
export function versionedCache<A extends unknown[], T extends object>(
  /** the version(s) that cover every table the computation reads */
  name: DataVersionName | DataVersionName[],
  keyOf: (...args: A) => string,
  compute: (db: Db, ...args: A) => Promise<T>,
  max = 500,
): (db: Db, ...args: A) => Promise<T> {
  const cache = new LRUCache<string, T>({ max });
  // requests that miss the same key at once (a new minute, a fresh version under load) share one computation
  const running = new Map<string, Promise<T>>();
  return async (db, ...args) => {
    const names = Array.isArray(name) ? name : [name];
    const versions = await Promise.all(names.map((n) => versionOf(db, n)));
    const key = `${versions.join('.')}|${keyOf(...args)}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const shared = running.get(key);
    if (shared) return shared;
    const fresh = compute(db, ...args).then((value) => freezeShallow(value));
    running.set(key, fresh);
    try {
      const value = await fresh;
      cache.set(key, value);
      return value;
    } finally {
      running.delete(key);
    }
  };
}

/** The minute of an instant, for keys of results that depend on the time. */
export const minuteOf = (now: Date) => Math.floor(now.getTime() / 60_000);

/** The object, its arrays and the objects in them: a caller that tries to change a shared result fails loudly. */
function freezeShallow<T extends object>(value: T): T {
  for (const v of Object.values(value)) {
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item === 'object') Object.freeze(item);
      Object.freeze(v);
    }
  }
  return Object.freeze(value);
}
