import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { users, userTokens, type TokenPurpose } from './table';
import type { SessionUser } from '../../platform/auth/session-user';
import { sessions } from '../../platform/auth/table';
import { allVersionsSql } from '../../platform/db/data-version';

export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  role: users.role,
  municipalityId: users.municipalityId,
};

/**
 * A live session with its person, in one round trip: what every signed-in request needs before anything else. The
 * person is null when the session has none, or they were deactivated since. The data versions come along (see
 * data-version.ts), and the statement is prepared once per database: PostgreSQL plans it once per connection.
 */
export async function findSessionWithUser(
  db: Db,
  sid: string,
  now: Date,
): Promise<{ sess: unknown; user: SessionUser | null; versions: Record<string, string> | null } | undefined> {
  let read = sessionReads.get(db);
  if (!read) sessionReads.set(db, (read = prepareSessionRead(db)));
  const rows = await read.execute({ sid, now: now.toISOString() });
  return rows[0];
}
const sessionReads = new WeakMap<Db, ReturnType<typeof prepareSessionRead>>();
function prepareSessionRead(db: Db) {
  return db
    .select({ sess: sessions.sess, user: sessionUserColumns, versions: allVersionsSql })
    .from(sessions)
    .leftJoin(users, and(eq(users.id, sessions.userId), eq(users.active, true)))
    .where(and(eq(sessions.sid, sql.placeholder('sid')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('session_with_user');
}

export async function findActiveSessionUser(db: Db, id: number): Promise<SessionUser | undefined> {
  const rows = await db
    .select(sessionUserColumns)
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)));
  return rows[0];
}

export async function findUserByEmail(db: Db, email: string) {
  const rows = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return rows[0];
}

export async function findUserById(db: Db, id: number) {
  const rows = await db.select().from(users).where(eq(users.id, id));
  return rows[0];
}

export async function insertToken(
  db: Db,
  t: { userId: number; purpose: TokenPurpose; tokenHash: string; expiresAt: Date },
) {
  await db.insert(userTokens).values(t);
}

/** A token that was not used and has not expired, with its (active) owner. */
export async function findUsableToken(db: Db, tokenHash: string, now: Date) {
  const rows = await db
    .select({ token: userTokens, user: users })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(
      and(
        eq(userTokens.tokenHash, tokenHash),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
        eq(users.active, true),
      ),
    );
  return rows[0];
}

/** Marks a token used, only if it still was unused: the caller learns whether it won the race. */
export async function consumeToken(db: Db, tokenId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.id, tokenId), isNull(userTokens.usedAt)))
    .returning({ id: userTokens.id });
  return rows.length === 1;
}

/** Retires every open link of a person, e.g. once a password was set. */
export async function retireTokens(db: Db, userId: number, now: Date) {
  await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)));
}
