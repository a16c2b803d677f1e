import { createHash } from 'node:crypto';
import type { PGlite, Transaction } from '@electric-sql/pglite';

/**
 * Prepared statements for the embedded database. PGlite's `query` sends every statement unnamed (parse, describe,
 * bind, describe, execute: five calls into WASM) and PostgreSQL plans it again each time: 3–5 ms for a six-table join,
 * ten times its execution. Here the app's statements are prepared once (`PREPARE k… AS <text>`, outside transactions)
 * and run as `EXECUTE k…('…', …)` in one simple-protocol call, so PostgreSQL may keep a generic plan. The parameters
 * become quoted literals, exactly the text form `query` would send (standard_conforming_strings is on, so doubling a
 * quote is the whole escaping); whatever is not plainly a string, number, boolean, date or bytes goes the usual way.
 */

type QueryOptions = Parameters<PGlite['query']>[2];
type Queryable = Pick<PGlite, 'query' | 'exec'>;

/** Distinct statements kept prepared; the app has a few hundred shapes, lists of varying length add more. */
const MAX_PREPARED = 1000;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

export function withPreparedStatements(client: PGlite): PGlite {
  // name → prepared (true), or could not be prepared (false); a promise while PREPARE runs
  const names = new Map<string, Promise<boolean>>();
  const ready = new Set<string>();

  const prepared = async (text: string): Promise<boolean> => {
    const name = nameOf(text);
    const known = names.get(name);
    if (known) return known;
    if (names.size >= MAX_PREPARED || !PREPARABLE.test(text)) return false;
    const preparing = client.exec(`prepare ${name} as ${text}`).then(
      () => ready.add(name) && true,
      () => false, // e.g. a parameter whose type only the describe step finds: such a statement stays unnamed
    );
    names.set(name, preparing);
    return preparing;
  };

  async function run(on: Queryable, inTransaction: boolean, text: string, params: unknown[], options?: QueryOptions) {
    const literals = params.map(literal);
    if (!literals.includes(undefined)) {
      // Inside a transaction only what is prepared already: a failing PREPARE would abort the transaction, and one
      // waiting outside it would wait for the transaction's end.
      const name = nameOf(text);
      if (inTransaction ? ready.has(name) : await prepared(text)) {
        const args = literals.length ? `(${literals.join(', ')})` : '';
        const results = await on.exec(`execute ${name}${args}`, options);
        return results[results.length - 1]!;
      }
    }
    return on.query(text, params, options);
  }

  const wrapTransaction = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return (text: string, params: unknown[] = [], options?: QueryOptions) =>
            run(target, true, text, params, options);
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'query')
        return (text: string, params: unknown[] = [], options?: QueryOptions) =>
          run(target, false, text, params, options);
      if (prop === 'transaction')
        return <T>(fn: (tx: Transaction) => Promise<T>) => target.transaction((tx) => fn(wrapTransaction(tx)));
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function nameOf(text: string): string {
  return `k${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

/** A parameter as a quoted literal in the text form PostgreSQL reads it; undefined when it is not that simple. */
export function literal(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'NULL';
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    text = String(v);
  } else if (typeof v === 'bigint') text = String(v);
  else if (typeof v === 'boolean') text = String(v);
  else if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined;
    text = v.toISOString();
  } else if (v instanceof Uint8Array) text = `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  else return undefined;
  // a NUL would end the statement text inside PostgreSQL; such a value goes as a real parameter (and fails there)
  if (text.includes('\0')) return undefined;
  return `'${text.replaceAll("'", "''")}'`;
}
