import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Clock } from '../clock';
import { rateLimits } from './table';

export type Limit = { points: number; windowMs: number };
export type Outcome = { allowed: boolean; points: number; retryAfterSeconds: number };

/**
 * Rate limits in the database: one atomic upsert per attempt (INSERT … ON CONFLICT DO UPDATE … RETURNING), so
 * parallel requests and several app processes count every attempt exactly once. An attempt is consumed *before* the
 * work it limits (a password check, say): the 11th of 30 simultaneous guesses is refused, not checked.
 */
export class Limiter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Counts `cost` points on the key; allowed while the window's total stays within the limit. */
  async consume(key: string, limit: Limit, cost = 1): Promise<Outcome> {
    const now = this.clock.now();
    const fresh = new Date(now.getTime() + limit.windowMs);
    const expired = sql`${rateLimits.expiresAt} <= ${now.toISOString()}::timestamptz`;
    const [row] = await this.db
      .insert(rateLimits)
      .values({ key, points: cost, expiresAt: fresh })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          points: sql`case when ${expired} then excluded.points else ${rateLimits.points} + excluded.points end`,
          expiresAt: sql`case when ${expired} then excluded.expires_at else ${rateLimits.expiresAt} end`,
        },
      })
      .returning({ points: rateLimits.points, expiresAt: rateLimits.expiresAt });
    return this.outcome(row!.points, row!.expiresAt, limit, now);
  }

  /** The key's state without counting anything. */
  async peek(key: string, limit: Limit): Promise<Outcome> {
    const now = this.clock.now();
    const [row] = await this.db
      .select()
      .from(rateLimits)
      .where(sql`${rateLimits.key} = ${key} and ${rateLimits.expiresAt} > ${now.toISOString()}::timestamptz`);
    return row
      ? this.outcome(row.points, row.expiresAt, limit, now)
      : { allowed: true, points: 0, retryAfterSeconds: 0 };
  }

  /** Gives points back (an attempt that turned out fine), never below zero. */
  async refund(key: string, cost = 1): Promise<void> {
    await this.db
      .update(rateLimits)
      .set({ points: sql`greatest(${rateLimits.points} - ${cost}, 0)` })
      .where(sql`${rateLimits.key} = ${key}`);
  }

  async reset(key: string): Promise<void> {
    await this.db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`);
  }

  private outcome(points: number, expiresAt: Date, limit: Limit, now: Date): Outcome {
    const allowed = points <= limit.points;
    return {
      allowed,
      points,
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)),
    };
  }
}

/** Windows that have run out (a housekeeping job), so the table stays small. */
export async function deleteExpiredLimits(db: Db, now: Date): Promise<number> {
  return (await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ key: rateLimits.key })).length;
}
