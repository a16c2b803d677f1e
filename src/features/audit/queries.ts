import { and, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/client';
import { auditLog } from '../../platform/audit-table';
import { berlinInstant } from '../../platform/time';
import { users } from '../accounts/table';
import type { AuditFilterInput } from './schemas';

export const PAGE_SIZE = 50;
/** An export is the filtered log, up to this many rows (a year of a busy installation). */
export const EXPORT_LIMIT = 50_000;

const actor = alias(users, 'actor');
const subject = alias(users, 'subject');

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The people a search names (as actor or subject), by name or address; at most 200. */
async function peopleMatching(db: Db, q: string): Promise<number[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(or(ilike(users.email, like), ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, like)))
    .limit(200);
  return rows.map((r) => r.id);
}

async function conditions(db: Db, f: AuditFilterInput): Promise<SQL | undefined> {
  const where: SQL[] = [];
  const ids = f.person ? [f.person] : f.q ? await peopleMatching(db, f.q) : undefined;
  if (ids) {
    if (ids.length === 0) return sql`false`;
    where.push(
      or(inArray(auditLog.actorId, ids), and(eq(auditLog.subjectType, 'user'), inArray(auditLog.subjectId, ids)))!,
    );
  }
  if (f.action) where.push(eq(auditLog.action, f.action));
  // days in Berlin: "bis 03.12." includes all of the 3rd
  if (f.from) where.push(gte(auditLog.at, berlinInstant(f.from, '00:00')));
  if (f.to) where.push(lt(auditLog.at, berlinInstant(nextDay(f.to), '00:00')));
  return where.length ? and(...where) : undefined;
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  action: auditLog.action,
  subjectType: auditLog.subjectType,
  subjectId: auditLog.subjectId,
  details: auditLog.details,
  actorName: sql<string | null>`${actor.firstName} || ' ' || ${actor.lastName}`,
  actorEmail: actor.email,
  subjectName: sql<string | null>`${subject.firstName} || ' ' || ${subject.lastName}`,
};

function select(db: Db) {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(subject, and(eq(auditLog.subjectType, 'user'), eq(subject.id, auditLog.subjectId)));
}

export async function listAudit(db: Db, f: AuditFilterInput) {
  const where = await conditions(db, f);
  const [rows, [total]] = await Promise.all([
    select(db)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(PAGE_SIZE)
      .offset((f.page - 1) * PAGE_SIZE),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function exportAudit(db: Db, f: AuditFilterInput) {
  return select(db)
    .where(await conditions(db, f))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(EXPORT_LIMIT);
}
