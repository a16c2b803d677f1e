import session from 'express-session';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Clock } from '../clock';
import { sessions } from './table';

type Callback = (err?: unknown, data?: session.SessionData | null) => void;

/**
 * express-session store in our own database (PGlite or PostgreSQL alike), so sessions survive restarts,
 * expire server-side, and all sessions of one person can be ended when they are deactivated.
 */
export class DbSessionStore extends session.Store {
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly idleMs: number,
  ) {
    super();
  }

  override get(sid: string, cb: Callback): void {
    this.db
      .select({ sess: sessions.sess })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, this.clock.now())))
      .then((rows) => cb(null, (rows[0]?.sess as session.SessionData | undefined) ?? null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = this.expiry();
    const userId = numberOrNull((sess as { passport?: { user?: unknown } }).passport?.user);
    this.db
      .insert(sessions)
      .values({ sid, sess, userId, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { sess, userId, expiresAt } })
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    // A rolling session is touched on every request; writing at most once a minute per session keeps reads cheap.
    const now = this.clock.now().getTime();
    const last = this.lastTouch.get(sid);
    if (last !== undefined && now - last < 60_000) return cb?.();
    if (this.lastTouch.size > 50_000) this.lastTouch.clear();
    this.lastTouch.set(sid, now);
    this.db
      .update(sessions)
      .set({ expiresAt: this.expiry() })
      .where(eq(sessions.sid, sid))
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.lastTouch.delete(sid);
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }

  /** Idle expiry, measured on the injected clock so tests can travel in time. */
  private expiry(): Date {
    return new Date(this.clock.now().getTime() + this.idleMs);
  }
}

/** Expired sessions (a housekeeping job): a session past its expiry is never read again, so it goes. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  return (await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ sid: sessions.sid })).length;
}

/** Ends every session of a person (optionally but one), e.g. when they are deactivated or change their password. */
export async function endSessionsOf(db: Db, userId: number, exceptSid?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptSid ? and(eq(sessions.userId, userId), ne(sessions.sid, exceptSid)) : eq(sessions.userId, userId));
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
