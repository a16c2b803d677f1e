import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { recordAudit } from '../../platform/audit';
import { users } from '../accounts/table';
import { calendarFeeds } from './table';

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Private calendar subscriptions: the URL is the secret, so only its hash is kept and a reset makes the old one useless. */
export function calendarService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    feedOf: (userId: number) =>
      db
        .select({ createdAt: calendarFeeds.createdAt, lastUsedAt: calendarFeeds.lastUsedAt })
        .from(calendarFeeds)
        .where(eq(calendarFeeds.userId, userId))
        .then((r) => r[0]),

    /** A new secret address; the previous one stops working at once. */
    async reset(userId: number): Promise<string> {
      const token = crypto.randomBytes(32).toString('base64url');
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx
          .insert(calendarFeeds)
          .values({ userId, tokenHash: hash(token), createdAt: now })
          .onConflictDoUpdate({
            target: calendarFeeds.userId,
            set: { tokenHash: hash(token), createdAt: now, lastUsedAt: null },
          });
        await recordAudit(tx, {
          actorId: userId,
          action: 'calendar.feed_reset',
          subjectType: 'user',
          subjectId: userId,
        });
      });
      return token;
    },

    async revoke(userId: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
        await recordAudit(tx, {
          actorId: userId,
          action: 'calendar.feed_revoked',
          subjectType: 'user',
          subjectId: userId,
        });
      });
    },

    /** The active person a feed token belongs to; unknown tokens and deactivated people get nothing. */
    async personFor(token: string) {
      if (!/^[\w-]{20,100}$/.test(token)) return undefined;
      const [row] = await db
        .select({ id: users.id, role: users.role, firstName: users.firstName, lastName: users.lastName })
        .from(calendarFeeds)
        .innerJoin(users, eq(users.id, calendarFeeds.userId))
        .where(and(eq(calendarFeeds.tokenHash, hash(token)), eq(users.active, true)));
      if (row) await db.update(calendarFeeds).set({ lastUsedAt: clock.now() }).where(eq(calendarFeeds.userId, row.id));
      return row;
    },
  };
}
