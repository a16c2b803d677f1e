import { and, asc, count, desc, eq, notLike, or, sql, type SQL } from 'drizzle-orm';
import { nameKey } from '../../platform/db/sort-key';
import { versionedCache } from '../../platform/db/data-version';
import type { Db } from '../../platform/db/client';
import { auditLog } from '../../platform/audit-table';
import { users, type Role } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import type { PeopleFilterInput } from './schemas';

export const PAGE_SIZE = 25;

/**
 * What a person may see of people: the SPI-Team everyone (no limits), a coordinator the trainees of their municipality
 * (see canManagePerson in access.ts: these two conditions are its SQL form).
 */
export type PeopleScope = { municipalityId: number | null; role: Role | null };

function scopeConditions(scope: PeopleScope): SQL[] {
  const parts: SQL[] = [];
  if (scope.municipalityId !== null) parts.push(eq(users.municipalityId, scope.municipalityId));
  if (scope.role !== null) parts.push(eq(users.role, scope.role));
  return parts;
}

/**
 * "richter neumann", "sahin", "ozturk", "neumnn": every word must match somewhere in the folded names, e-mail or
 * organisation (search_key, see nameKey), as a part of it or as a word one letter off (pg_trgm's word similarity).
 * Both forms use the trigram index. "oe"/"ue"/"ae" typed for ö/ü/ä are tried as o/u/a too.
 */
function searchConditions(q: string): SQL[] {
  const words = nameKey(q).split(/\s+/).filter(Boolean).slice(0, 5);
  return words.map((w) => {
    const variants = [...new Set([w, w.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u')])];
    return or(
      ...variants.map((v) => sql`${users.searchKey} like ${`%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
      ...(w.length >= 4 ? variants.map((v) => sql`${v} <% ${users.searchKey}`) : []),
    )!;
  });
}

function conditions(scope: PeopleScope, f: PeopleFilterInput): SQL | undefined {
  const parts: (SQL | undefined)[] = [...scopeConditions(scope)];
  if (f.municipality !== null) parts.push(eq(users.municipalityId, f.municipality));
  if (f.role) parts.push(eq(users.role, f.role));
  if (f.status) parts.push(eq(users.active, f.status === 'active'));
  if (f.q) parts.push(...searchConditions(f.q));
  return and(...parts);
}

export async function listPeople(db: Db, scope: PeopleScope, f: PeopleFilterInput) {
  const where = conditions(scope, f);
  const page = (q: Db) =>
    q
      .select({
        id: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        role: users.role,
        sector: users.sector,
        active: users.active,
        invited: sql<boolean>`${users.passwordHash} is null`,
        municipality: municipalities.name,
      })
      .from(users)
      .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
      .where(where)
      .orderBy(asc(users.sortName), asc(users.id))
      .limit(PAGE_SIZE)
      .offset((f.page - 1) * PAGE_SIZE);
  const total = (q: Db) => q.select({ n: count() }).from(users).where(where);
  if (!f.q) {
    const [rows, n] = await Promise.all([page(db), listTotal(db, scope, f)]);
    return { rows, total: n.n };
  }
  // A search: PostgreSQL cannot estimate how many rows pg_trgm's operators match and scans the whole table, computing
  // a word similarity per person (10 ms at 2,000 people, on PGlite seconds under load). Through the trigram index it
  // takes a fraction of that, so the two statements of a search are told to use it.
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_indexscan = off`);
    const rows = await page(tx);
    const [n] = await total(tx);
    return { rows, total: n?.n ?? 0 };
  });
}

export async function findPerson(db: Db, scope: PeopleScope, id: number) {
  const where = and(eq(users.id, id), ...scopeConditions(scope));
  const rows = await db
    .select({ user: users, municipality: municipalities.name })
    .from(users)
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(where);
  return rows[0];
}

/** Active and inactive people per role, optionally of one municipality; every role is present, zeros included. */
/**
 * People per role, active and not, and the invitations nobody has taken up yet: the same for everyone who looks, so kept
 * under the people version until a statement changes users (a full count of a 20,000-row table is not per request).
 */
export const countByRole = versionedCache(
  'people',
  (filter: { municipalityId?: number }) => String(filter.municipalityId ?? ''),
  async (db: Db, filter: { municipalityId?: number }) => {
    const rows = await db
      .select({
        role: users.role,
        active: users.active,
        n: count(),
        invited: sql<number>`(count(*) filter (where ${users.passwordHash} is null))::int`,
      })
      .from(users)
      .where(filter.municipalityId ? eq(users.municipalityId, filter.municipalityId) : undefined)
      .groupBy(users.role, users.active);
    return (['trainee', 'trainer', 'coordinator', 'admin'] as const).map((role) => ({
      role,
      active: rows.find((r) => r.role === role && r.active)?.n ?? 0,
      inactive: rows.find((r) => r.role === role && !r.active)?.n ?? 0,
      /** active accounts without a password: invitations not taken up */
      invited: rows.find((r) => r.role === role && r.active)?.invited ?? 0,
    }));
  },
);

/** How many people a list without a search shows: cached like countByRole (a search is counted each time). */
const listTotal = versionedCache(
  'people',
  (scope: PeopleScope, f: PeopleFilterInput) => JSON.stringify([scope, f.municipality, f.role, f.status]),
  async (db: Db, scope: PeopleScope, f: PeopleFilterInput) => {
    const [n] = await db
      .select({ n: count() })
      .from(users)
      .where(conditions(scope, { ...f, q: '' }));
    return { n: n?.n ?? 0 };
  },
);

export async function historyOf(db: Db, userId: number) {
  return (
    db
      .select({
        action: auditLog.action,
        at: auditLog.at,
        actor: sql<string | null>`${users.firstName} || ' ' || ${users.lastName}`,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      // sign-ins are in the audit log (Protokoll); the person's page shows what changed
      .where(and(eq(auditLog.subjectType, 'user'), eq(auditLog.subjectId, userId), notLike(auditLog.action, 'auth.%')))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(50)
  );
}
