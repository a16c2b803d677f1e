import session from 'express-session';
import { and, desc, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Clock } from '../clock';
import { sessions } from './table';
import { primeVersions } from '../db/data-version';

type Callback = (err?: unknown, data?: session.SessionData | null) => void;

/**
 * express-session store in our own database (PGlite or PostgreSQL alike), so sessions survive restarts,
 * expire server-side, and all sessions of one person can be ended when they are deactivated.
 */
export class DbSessionStore<U extends { id: number }> extends session.Store {
  private readonly lastTouch = new Map<string, number>();
  /** The person read with a session, for the deserializer of the same request (see takeUser). */
  private readonly users = new Map<string, { user: U | null; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly idleMs: number,
    /** Reads a live session together with its person (a join), so a signed-in request costs one round trip. */
    private readonly readWithUser?: (
      sid: string,
    ) => Promise<{ sess: unknown; user: U | null; versions?: Record<string, string> | null } | undefined>,
  ) {
    super();
  }

  override get(sid: string, cb: Callback): void {
    if (this.readWithUser) {
      this.readWithUser(sid).then((row) => {
        primeVersions(row?.versions);
        if (row?.user !== undefined && (row.sess as { passport?: unknown }).passport) {
          if (this.users.size > 10_000) this.users.clear();
          this.users.set(sid, { user: row.user, at: Date.now() });
        }
        cb(null, (row?.sess as session.SessionData | undefined) ?? null);
      }, cb);
      return;
    }
    this.db
      .select({ sess: sessions.sess })
      .from(sessions)
      .where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, this.clock.now())))
      .then((rows) => cb(null, (rows[0]?.sess as session.SessionData | undefined) ?? null), cb);
  }

  /**
   * The person read with this request's session a moment ago, once: undefined when there is none (the deserializer
   * then reads the person itself), null when they were deactivated. Older than a second means another request's.
   */
  takeUser(sid: string): U | null | undefined {
    const hit = this.users.get(sid);
    if (!hit) return undefined;
    this.users.delete(sid);
    return Date.now() - hit.at < 1000 ? hit.user : undefined;
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
    this.users.delete(sid);
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

/**
 * Ends every session of a person (optionally but one), e.g. when they are deactivated or change their password.
 * Returns how many ended.
 */
export async function endSessionsOf(db: Db, userId: number, exceptSid?: string): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(exceptSid ? and(eq(sessions.userId, userId), ne(sessions.sid, exceptSid)) : eq(sessions.userId, userId))
    .returning({ sid: sessions.sid });
  return gone.length;
}

export type OpenSession = { sid: string; signedInAt?: Date; device: string; lastUsedAt: Date };

/**
 * The open sessions of a person, most recently used first. The last use is derived from the idle expiry, which every
 * request moves forward (at most once a minute, see touch()).
 */
export async function sessionsOf(db: Db, userId: number, now: Date, idleMs: number): Promise<OpenSession[]> {
  const rows = await db
    .select({ sid: sessions.sid, sess: sessions.sess, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.expiresAt));
  return rows.map((r) => {
    const sess = r.sess as { signedInAt?: unknown; device?: unknown };
    return {
      sid: r.sid,
      signedInAt: typeof sess.signedInAt === 'number' ? new Date(sess.signedInAt) : undefined,
      device: typeof sess.device === 'string' ? sess.device : '',
      lastUsedAt: new Date(r.expiresAt.getTime() - idleMs),
    };
  });
}

/** Ends one session of a person; false when it is not theirs or already gone. */
export async function endSessionOf(db: Db, userId: number, sid: string): Promise<boolean> {
  const gone = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.sid, sid)))
    .returning({ sid: sessions.sid });
  return gone.length > 0;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
