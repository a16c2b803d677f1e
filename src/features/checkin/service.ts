import crypto from 'node:crypto';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Limiter } from '../../platform/limits/limiter';
import { AppError, Conflict, FormError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { modules } from '../catalogue/table';
import { offerings, scheduleSessions } from '../cohorts/table';
import { enrolments } from '../enrolment/table';
import { codeMatches, currentCode, linkToken, linkTokenValid, readLinkToken } from './code';
import { countsFor, sessionStart } from '../attendance/queries';
import type { AttendanceService } from '../attendance/service';
import { checkinWindows } from './table';

const EARLY_MS = 15 * 60_000;

/** Self check-in: the trainer opens a window, trainees type the code on the projector (or scan its QR code). */
// Ten wrong codes per person in ten minutes, then a pause: six digits are not guessable at that pace.
const WRONG_CODES = { points: 10, windowMs: 10 * 60_000 };

export function checkinService(deps: {
  db: Db;
  clock: Clock;
  limiter: Limiter;
  attendance: AttendanceService;
  baseUrl: string;
}) {
  const { db, clock } = deps;

  async function openWindowOf(sessionId: number) {
    const now = clock.now();
    const [w] = await db
      .select()
      .from(checkinWindows)
      .where(
        and(
          eq(checkinWindows.sessionId, sessionId),
          lte(checkinWindows.opensAt, now),
          gt(checkinWindows.closesAt, now),
        ),
      );
    return w;
  }

  return {
    /** Opens (or re-opens) the window for 5 to 30 minutes; only around the session's own time. */
    async open(actor: SessionUser, sessionId: number, minutes: number): Promise<void> {
      const s = await deps.attendance.recordable(actor, sessionId);
      const now = clock.now();
      const end = new Date(s.startsAt.getTime() + s.duration * 60_000);
      if (now.getTime() < s.startsAt.getTime() - EARLY_MS || now > end) throw new Conflict(t('checkin.msg.notNow'));
      await db.transaction(async (tx) => {
        await tx
          .update(checkinWindows)
          .set({ closesAt: now })
          .where(and(eq(checkinWindows.sessionId, sessionId), gt(checkinWindows.closesAt, now)));
        await tx.insert(checkinWindows).values({
          sessionId,
          openedById: actor.id,
          secret: crypto.randomBytes(20).toString('hex'),
          opensAt: now,
          closesAt: new Date(now.getTime() + minutes * 60_000),
        });
      });
    },

    async close(actor: SessionUser, sessionId: number): Promise<void> {
      await deps.attendance.recordable(actor, sessionId);
      const now = clock.now();
      await db
        .update(checkinWindows)
        .set({ closesAt: now })
        .where(and(eq(checkinWindows.sessionId, sessionId), gt(checkinWindows.closesAt, now)));
    },

    /** What the projector shows: the current code, its QR code (a link with the code filled in), and until when. */
    async display(actor: SessionUser, sessionId: number) {
      const s = await deps.attendance.recordable(actor, sessionId);
      const w = await openWindowOf(sessionId);
      if (!w) return { ...s, window: undefined };
      const { code, changesAt } = currentCode(w.secret, clock.now());
      const url = `${deps.baseUrl}/checkin?t=${linkToken(w, clock.now())}`;
      const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { ...s, window: w, code, changesAt, url, qr };
    },

    /**
     * Marks the signed-in person present, for themselves only, at a session whose window is open now and which counts
     * for them. A mark the trainer already made stays as it is.
     */
    async checkIn(
      user: SessionUser,
      proof: { code?: string; token?: string },
    ): Promise<{ module: string; date: string; already: boolean }> {
      const code = (proof.code ?? '').replace(/\s+/g, '');
      const token = proof.token ? readLinkToken(proof.token) : undefined;
      const now = clock.now();
      // counted before the code is compared (parallel guesses cannot outrun it), given back when the code was right
      const key = `checkin:${user.id}`;
      if (!(await deps.limiter.consume(key, WRONG_CODES)).allowed)
        throw new AppError(429, 'too_many', t('checkin.msg.tooMany'));
      const candidates = await db
        .select({ window: checkinWindows, session: scheduleSessions, moduleTitle: modules.title })
        .from(checkinWindows)
        .innerJoin(scheduleSessions, eq(scheduleSessions.id, checkinWindows.sessionId))
        .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
        .innerJoin(modules, eq(modules.id, offerings.moduleId))
        .innerJoin(
          enrolments,
          and(eq(enrolments.cohortId, offerings.cohortId), eq(enrolments.userId, user.id), countsFor(sessionStart)),
        )
        .where(and(lte(checkinWindows.opensAt, now), gt(checkinWindows.closesAt, now)));
      if (candidates.length === 0) {
        await deps.limiter.refund(key);
        throw FormError.field('code', t('checkin.msg.noWindow'));
      }
      // the scanned link's token (bound to its window, valid for minutes) or the code on the projector (30 seconds)
      const hit = candidates.find((c) =>
        token ? linkTokenValid(c.window, token, now) : codeMatches(c.window.secret, code, now),
      );
      if (!hit) throw FormError.field('code', t(token ? 'checkin.msg.linkExpired' : 'checkin.msg.wrongCode'));
      await deps.limiter.refund(key);
      // the attendance feature owns the marks: it records the check-in (a trainer's mark made earlier stays)
      const already = await deps.attendance.recordCheckin(user.id, hit.session.id, now);
      return { module: hit.moduleTitle, date: hit.session.date, already };
    },

    /** Whether any window is open for sessions this person counts for (to point them at the check-in form). */
    async openFor(user: SessionUser): Promise<boolean> {
      const now = clock.now();
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(checkinWindows)
        .innerJoin(scheduleSessions, eq(scheduleSessions.id, checkinWindows.sessionId))
        .innerJoin(offerings, eq(offerings.id, scheduleSessions.offeringId))
        .innerJoin(
          enrolments,
          and(eq(enrolments.cohortId, offerings.cohortId), eq(enrolments.userId, user.id), countsFor(sessionStart)),
        )
        .where(and(lte(checkinWindows.opensAt, now), gt(checkinWindows.closesAt, now)));
      return (row?.n ?? 0) > 0;
    },
  };
}
export type CheckinService = ReturnType<typeof checkinService>;
