import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Mail } from '../../platform/mail/mailer';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users, type User } from '../accounts/table';
import { type Cohort } from '../cohorts/table';
import { canDecideEnrolments, reachCohort } from '../cohorts/access';
import { enrolments, SEAT_HOLDING, type Enrolment, type EnrolmentStatus } from './table';
import { lockCohort, promoteWaitlisted, seatCounts, type Promotion } from './seats';
import { enrolmentMails } from './mails';
import { fullName } from '../../platform/names';
import type { EnrolmentContext } from './context';
import { ACTIVE } from './context';
import { BeyondQuota } from './context';

/** The SPI-Team's decisions and withdrawals, and who moves up from the waiting list. */
export function decisions(ctx: EnrolmentContext) {
  const { deps, cohortLink, send, enrolmentOf, db, clock } = ctx;
  return {
    /** SPI-Team: nominiert → bestätigt; someone waiting is confirmed only onto a free seat. */
    async confirm(
      actor: SessionUser,
      enrolmentId: number,
      opts: { beyondQuota?: boolean } = {},
    ): Promise<{ name: string }> {
      const { enrolment, person, access } = await enrolmentOf(actor, enrolmentId);
      if (!canDecideEnrolments(access)) throw new NotFound();
      const cohort = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, enrolment.cohortId);
        const [current] = await tx.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
        const now = clock.now();
        if (current!.status === 'warteliste') {
          const counts = await seatCounts(tx, cohort);
          if (counts.held >= counts.seats) throw new Conflict(t('enrolment.msg.cohortFull'));
          // a seat beyond the municipality's quota takes one another municipality may be counting on: only on purpose
          const mine = counts.byMunicipality.get(current!.municipalityId);
          if (mine && mine.held >= mine.quota && !opts.beyondQuota) throw new BeyondQuota(mine.held, mine.quota);
        } else if (current!.status !== 'nominiert') {
          throw new Conflict(t('enrolment.msg.notConfirmable', { status: t(`enrolment.status.${current!.status}`) }));
        }
        await tx
          .update(enrolments)
          .set({
            status: 'bestaetigt',
            decidedAt: now,
            waitlistedAt: null,
            seatSince: current!.seatSince ?? now,
            updatedAt: now,
          })
          .where(eq(enrolments.id, enrolmentId));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'enrolment.confirmed',
          subjectType: 'user',
          subjectId: person.id,
          details: { cohort: cohort.name, from: current!.status, beyondQuota: !!opts.beyondQuota },
        });
        return cohort;
      });
      await send([enrolmentMails.confirmed(person, cohort.name, cohortLink(cohort.id))]);
      return { name: fullName(person) };
    },

    /**
     * SPI-Team: confirms several nominations of one cohort at once. Only "nominiert" ones are taken (they hold their
     * seat already); a waiting person is a decision of its own. Returns how many were confirmed.
     */
    async confirmMany(actor: SessionUser, cohortId: number, enrolmentIds: number[]): Promise<number> {
      const access = await reachCohort(db, actor, cohortId);
      if (!canDecideEnrolments(access)) throw new NotFound();
      if (enrolmentIds.length === 0) throw FormError.field('enrolmentIds', t('enrolment.msg.chooseSome'));
      const now = clock.now();
      const confirmed = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, cohortId);
        const rows = await tx
          .select({ enrolment: enrolments, person: users })
          .from(enrolments)
          .innerJoin(users, eq(users.id, enrolments.userId))
          .where(
            and(
              eq(enrolments.cohortId, cohortId),
              eq(enrolments.status, 'nominiert'),
              inArray(enrolments.id, enrolmentIds.slice(0, 500)),
            ),
          );
        for (const r of rows) {
          await tx
            .update(enrolments)
            .set({ status: 'bestaetigt', decidedAt: now, seatSince: r.enrolment.seatSince ?? now, updatedAt: now })
            .where(eq(enrolments.id, r.enrolment.id));
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'enrolment.confirmed',
            subjectType: 'user',
            subjectId: r.person.id,
            details: { cohort: cohort.name, from: 'nominiert', bulk: true },
          });
          await deps.mailer.send(enrolmentMails.confirmed(r.person, cohort.name, cohortLink(cohort.id)), tx);
        }
        return rows.length;
      });
      return confirmed;
    },

    /** SPI-Team: a nomination or waiting place is not accepted. A freed seat moves the next person up. */
    async reject(actor: SessionUser, enrolmentId: number, reason: string): Promise<{ name: string; promoted: number }> {
      const { enrolment, person, access } = await enrolmentOf(actor, enrolmentId);
      if (!canDecideEnrolments(access)) throw new NotFound();
      return this.end(actor, enrolment, person, 'abgelehnt', reason, ['nominiert', 'warteliste']);
    },

    /** SPI-Team or the person's coordinator: withdraws someone, with the reason. A freed seat moves the next person up. */
    async withdraw(
      actor: SessionUser,
      enrolmentId: number,
      reason: string,
    ): Promise<{ name: string; promoted: number }> {
      const { enrolment, person } = await enrolmentOf(actor, enrolmentId);
      return this.end(actor, enrolment, person, 'abgemeldet', reason, ACTIVE);
    },

    async end(
      actor: SessionUser,
      enrolment: Enrolment,
      person: User,
      to: 'abgelehnt' | 'abgemeldet',
      reason: string,
      from: EnrolmentStatus[],
    ) {
      const { cohort, promoted } = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, enrolment.cohortId);
        const [current] = await tx.select().from(enrolments).where(eq(enrolments.id, enrolment.id));
        if (!from.includes(current!.status))
          throw new Conflict(t('enrolment.msg.notChangeable', { status: t(`enrolment.status.${current!.status}`) }));
        const now = clock.now();
        await tx
          .update(enrolments)
          .set({ status: to, reason, decidedAt: now, waitlistedAt: null, updatedAt: now })
          .where(eq(enrolments.id, enrolment.id));
        await recordAudit(tx, {
          actorId: actor.id,
          action: to === 'abgelehnt' ? 'enrolment.rejected' : 'enrolment.withdrawn',
          subjectType: 'user',
          subjectId: person.id,
          details: { cohort: cohort.name, from: current!.status, reason },
        });
        const freed = SEAT_HOLDING.includes(current!.status);
        return { cohort, promoted: freed ? await promoteWaitlisted(tx, cohort, now, current!.municipalityId) : [] };
      });
      await send([
        to === 'abgelehnt'
          ? enrolmentMails.rejected(person, cohort.name, reason)
          : enrolmentMails.withdrawn(person, cohort.name, reason),
      ]);
      await this.notifyPromoted(actor, cohort, promoted);
      return { name: fullName(person), promoted: promoted.length };
    },

    /** Tells each person who moved up, and their municipality's coordinators. */
    async notifyPromoted(actor: SessionUser, cohort: Cohort, promoted: Promotion[]): Promise<void> {
      if (promoted.length === 0) return;
      const people = await db
        .select()
        .from(users)
        .where(
          inArray(
            users.id,
            promoted.map((p) => p.userId),
          ),
        );
      const coordinators = await db
        .select()
        .from(users)
        .where(
          and(
            eq(users.role, 'coordinator'),
            eq(users.active, true),
            inArray(
              users.municipalityId,
              promoted.map((p) => p.municipalityId),
            ),
          ),
        );
      const mails: Mail[] = [];
      await db.transaction(async (tx) => {
        for (const p of people) {
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'enrolment.promoted',
            subjectType: 'user',
            subjectId: p.id,
            details: { cohort: cohort.name },
          });
          mails.push(enrolmentMails.promoted(p, cohort.name, cohortLink(cohort.id)));
          for (const c of coordinators.filter((c) => c.municipalityId === p.municipalityId))
            mails.push(enrolmentMails.promotedToCoordinator(c, p, cohort.name, cohortLink(cohort.id)));
        }
      });
      await send(mails);
    },

    /** For cohorts: more seats or a larger quota move people up, inside the caller's transaction (see seats.ts). */
    promoteWaitlisted: (tx: Db, cohort: Cohort, now: Date) => promoteWaitlisted(tx, cohort, now),
  };
}
