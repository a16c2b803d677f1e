import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../../../test/support/db';
import type { Database } from './client';
import { literal } from './pglite-prepared';

/** Prepared statements on both engines (client.ts preparingClient, pglite-prepared.ts): same answers, plans kept. */

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(
    sql`create table prep_probe (id serial primary key, name text not null unique, at timestamptz, ok boolean, data bytea, n int)`,
  );
});
afterAll(() => database.close());

const rows = async (q: ReturnType<typeof sql>) =>
  ((await database.db.execute(q)) as unknown as { rows: Array<Record<string, unknown>> }).rows;

const TRICKY = [
  "O'Brien",
  "''",
  '\\',
  "\\'); drop table prep_probe; --",
  '$1',
  "'); delete from prep_probe; select ('",
  'Łukasz Şahin-Müller 👩‍⚖️',
  '',
];

test('values come back exactly as they went in, however they are quoted, and nothing else runs', async () => {
  const at = new Date('2026-03-04T05:06:07.089Z');
  for (const [i, name] of TRICKY.entries()) {
    await database.db.execute(
      sql`insert into prep_probe (name, at, ok, data, n) values (${name}, ${at.toISOString()}, ${i % 2 === 0}, ${Buffer.from([0, 39, 92, i])}, ${i})`,
    );
  }
  for (const [i, name] of TRICKY.entries()) {
    const [row] = await rows(
      sql`select name, at, ok, encode(data, 'hex') as hex, n from prep_probe where name = ${name}`,
    );
    expect(row).toMatchObject({ name, ok: i % 2 === 0, hex: `00275c0${i}`, n: i });
    expect(new Date(String(row!.at)).toISOString()).toBe(at.toISOString());
  }
  expect((await rows(sql`select count(*)::int as n from prep_probe`))[0]!.n).toBe(TRICKY.length);
});

test('a NUL in a parameter is refused by the database, as without prepared statements', async () => {
  await expect(database.db.execute(sql`select count(*) from prep_probe where name = ${'a\0b'}`)).rejects.toThrow();
  expect((await rows(sql`select count(*)::int as n from prep_probe`))[0]!.n).toBe(TRICKY.length);
});

test('errors keep their codes, and a failed transaction leaves the statements usable', async () => {
  const insert = (name: string) => database.db.execute(sql`insert into prep_probe (name) values (${name})`);
  await insert('einmalig');
  await expect(insert('einmalig')).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23505' }) });
  await expect(
    database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into prep_probe (name) values (${'im Vorgang'})`);
      await tx.execute(sql`insert into prep_probe (name) values (${'einmalig'})`);
    }),
  ).rejects.toThrow();
  expect(await rows(sql`select name from prep_probe where name = ${'im Vorgang'}`)).toEqual([]);
  await insert('danach');
  expect(await rows(sql`select name from prep_probe where name = ${'danach'}`)).toEqual([{ name: 'danach' }]);
});

test('a statement is prepared once and then run by name', async () => {
  const probe = (n: number) => sql`select count(*)::int as n from prep_probe where n >= ${n}`;
  const text = 'select count(*)::int as n from prep_probe where n >= $1';
  const prepared = async (q: (s: ReturnType<typeof sql>) => Promise<Array<Record<string, unknown>>>) =>
    (await q(sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${text}`}`))[0]!.n;
  if (database.kind === 'pglite') {
    for (let i = 0; i < 7; i++) expect((await rows(probe(i)))[0]!.n).toBe(TRICKY.length - i);
    expect(await prepared(rows)).toBe(1);
  } else {
    // one connection: PostgreSQL keeps prepared statements per connection
    await database.db.transaction(async (tx) => {
      const q = async (s: ReturnType<typeof sql>) =>
        ((await tx.execute(s)) as unknown as { rows: Array<Record<string, unknown>> }).rows;
      for (let i = 0; i < 7; i++) expect((await q(probe(i)))[0]!.n).toBe(TRICKY.length - i);
      expect(await prepared(q)).toBe(1);
    });
  }
});

test('parameters as literals: quotes doubled, and only plain values', () => {
  expect(literal("O'Brien")).toBe("'O''Brien'");
  expect(literal(null)).toBe('NULL');
  expect(literal(undefined)).toBe('NULL');
  expect(literal(12)).toBe("'12'");
  expect(literal(true)).toBe("'true'");
  expect(literal(new Date('2026-01-02T03:04:05Z'))).toBe("'2026-01-02T03:04:05.000Z'");
  expect(literal(Buffer.from([1, 255]))).toBe("'\\x01ff'");
  // whatever is not plainly one value goes as a real parameter
  expect(literal('a\0b')).toBeUndefined();
  expect(literal(Number.NaN)).toBeUndefined();
  expect(literal(new Date('nonsense'))).toBeUndefined();
  expect(literal({ a: 1 })).toBeUndefined();
  expect(literal([1, 2])).toBeUndefined();
});
