import type { Request, Response } from 'express';
import { createTestDatabase } from '../../../test/support/db';
import { makeMunicipality, makeUser } from '../../../test/support/builders';
import type { Database } from './client';
import { primeVersions, versionedCache, versionScope } from './data-version';

let database: Database;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.close());

/** Runs `fn` as the handler of one request would: inside the request's version scope. */
const inRequest = <T>(fn: () => Promise<T>) =>
  new Promise<T>((resolve, reject) => {
    void versionScope({} as Request, {} as Response, () => fn().then(resolve, reject));
  });

it('recomputes only after a change the database counts, and within one request reads the version once', async () => {
  let computed = 0;
  const cached = versionedCache(
    'completion',
    () => 'all',
    async () => ({ n: ++computed }),
  );
  const db = database.db;
  expect((await cached(db)).n).toBe(1);
  expect((await cached(db)).n).toBe(1);
  // a change to a table the version covers (municipalities): the next use computes again
  await makeMunicipality(db);
  expect((await cached(db)).n).toBe(2);

  await inRequest(async () => {
    expect((await cached(db)).n).toBe(2);
    // another request's change, committed meanwhile (raw SQL, outside this request): this request keeps its view
    await database.execute(`update municipalities set name = name || ' (neu)'`);
    expect((await cached(db)).n).toBe(2);
    // this request's own change (through the app's database client): it reads it at once
    await makeMunicipality(db);
    expect((await cached(db)).n).toBe(3);
  });
  // the next request sees everything committed
  expect((await inRequest(() => cached(db))).n).toBe(3);
  await database.execute(`update municipalities set name = name || '!'`);
  expect((await inRequest(() => cached(db))).n).toBe(4);
});

it('the people version moves with every change to users, and the session read brings the versions along', async () => {
  let computed = 0;
  const cached = versionedCache(
    'people',
    () => 'all',
    async () => ({ n: ++computed }),
  );
  const db = database.db;
  expect((await cached(db)).n).toBe(1);
  const person = await makeUser(db, { role: 'admin' });
  expect((await cached(db)).n).toBe(2);
  await database.execute(`update users set first_name = 'Ada' where id = $1`, [person.id]);
  expect((await cached(db)).n).toBe(3);
  // a change elsewhere leaves it
  await makeMunicipality(db);
  expect((await cached(db)).n).toBe(3);

  // versions read with another statement of the request (the session read) count as read: no read of their own
  await inRequest(async () => {
    primeVersions({ people: 'primed' });
    await database.execute(`update users set first_name = 'Bea' where id = $1`, [person.id]);
    // raw SQL outside the app's client: the request keeps the primed version, so the primed entry is what it finds
    expect((await cached(db)).n).toBe(4);
    expect((await cached(db)).n).toBe(4);
  });
  expect((await inRequest(() => cached(db))).n).toBe(5);
});

it('the catalogue version moves with the catalogue tables only', async () => {
  const before = async () => (await database.execute(`select n from data_versions where name = 'catalogue'`)).rows[0];
  const start = await before();
  await makeUser(database.db, { role: 'admin' });
  await makeMunicipality(database.db);
  expect(await before()).toEqual(start);
  for (const table of ['course', 'modules', 'lessons', 'materials']) {
    const was = await before();
    await database.execute(`update ${table} set id = id where false`);
    expect(await before()).not.toEqual(was);
  }
});

it('requests that miss the same key at once share one computation; a failed one is not kept', async () => {
  let computed = 0;
  let fail = true;
  const cached = versionedCache(
    'completion',
    () => 'all',
    async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 50));
      if (fail) throw new Error('database went away');
      return { n: computed };
    },
  );
  const db = database.db;
  const failed = await Promise.allSettled([cached(db), cached(db), cached(db)]);
  expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(computed).toBe(1);
  fail = false;
  const results = await Promise.all([cached(db), cached(db), cached(db)]);
  expect(results.map((r) => r.n)).toEqual([2, 2, 2]);
  expect(computed).toBe(2);
});

it('the process version moves with the process tables and the municipalities, not with people', async () => {
  const before = async () => (await database.execute(`select n from data_versions where name = 'process'`)).rows[0];
  const start = await before();
  expect(start).toBeDefined();
  await makeUser(database.db, { role: 'admin' });
  expect(await before()).toEqual(start);
  for (const table of [
    'municipalities',
    'municipality_process',
    'municipality_phases',
    'municipality_milestones',
    'steering_members',
    'process_meetings',
    'meeting_steps',
  ]) {
    const was = await before();
    await database.execute(
      `update ${table} set updated_at = updated_at where false`.replace(
        'updated_at = updated_at',
        table === 'meeting_steps' ? 'done = done' : 'updated_at = updated_at',
      ),
    );
    expect([table, await before()]).not.toEqual([table, was]);
  }
});
