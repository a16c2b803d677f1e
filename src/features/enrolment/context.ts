import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mail, Mailer } from '../../platform/mail/mailer';
import { recordAudit } from '../../platform/audit';
import { Conflict, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import type { AccountsService } from '../accounts/service';
import { users, type User } from '../accounts/table';
import { type Cohort } from '../cohorts/table';
import { canManageCohort, canNominate, canWithdraw, reachCohort, type CohortAccess } from '../cohorts/access';
import { enrolments, type EnrolmentStatus } from './table';
import { placeFor, seatCounts } from './seats';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const ACTIVE: EnrolmentStatus[] = ['nominiert', 'bestaetigt', 'warteliste'];

export type Deps = { db: Db; clock: Clock; mailer: Mailer; logger: Logger; accounts: AccountsService; baseUrl: string };

/** Confirming someone from the waiting list would exceed their municipality's quota: asked again, never done silently. */
export class BeyondQuota extends Conflict {
  constructor(
    readonly held: number,
    readonly quota: number,
  ) {
    super(t('enrolment.msg.beyondQuota', { held, quota }));
  }
}

/** What the parts of the service share: the dependencies and the helpers they all use. */
export function enrolmentContext(deps: Deps) {
  const { db, clock } = deps;
  const cohortLink = (id: number) => `${deps.baseUrl}/cohorts/${id}`;

  /** Mail goes out after the commit; a mail server hiccup is logged and never undoes what was decided. */
  async function send(mails: Mail[]): Promise<void> {
    for (const m of mails)
      await deps.mailer.send(m).catch((err: unknown) => deps.logger.warn({ err, to: m.to }, 'enrolment mail not sent'));
  }

  /** Who may nominate into this cohort, and for which municipality. */
  async function nominationScope(
    actor: SessionUser,
    cohortId: number,
  ): Promise<{ access: CohortAccess; municipalityId: number | null }> {
    const access = await reachCohort(db, actor, cohortId);
    if (access.as !== 'coordinate' && !canManageCohort(access)) throw new NotFound();
    // reached but closed for nominations: say why (canNominate is the rule; its two reasons read differently)
    if (!canNominate(access))
      throw new Conflict(t(access.as === 'coordinate' ? 'enrolment.msg.notOpen' : 'enrolment.msg.closed'));
    return { access, municipalityId: access.as === 'coordinate' ? access.municipalityId : null };
  }

  /** Puts one person into the cohort (under the caller's cohort lock): a seat if there is one, else the waiting list. */
  async function place(
    tx: Db,
    actor: SessionUser,
    cohort: Cohort,
    person: Pick<User, 'id' | 'municipalityId'>,
    now: Date,
  ): Promise<EnrolmentStatus> {
    const [existing] = await tx
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.cohortId, cohort.id), eq(enrolments.userId, person.id)));
    if (existing && ACTIVE.includes(existing.status)) throw new Conflict(t('enrolment.msg.alreadyEnrolled'));
    const status = placeFor(await seatCounts(tx, cohort), person.municipalityId!);
    const values = {
      status,
      municipalityId: person.municipalityId!,
      reason: '',
      nominatedById: actor.id,
      nominatedAt: now,
      waitlistedAt: status === 'warteliste' ? now : null,
      seatSince: status === 'warteliste' ? null : now,
      decidedAt: null,
      updatedAt: now,
    };
    // Someone rejected or withdrawn earlier may be nominated again: the same row, so the cohort has one entry per person.
    if (existing) await tx.update(enrolments).set(values).where(eq(enrolments.id, existing.id));
    else await tx.insert(enrolments).values({ cohortId: cohort.id, userId: person.id, ...values });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'enrolment.nominated',
      subjectType: 'user',
      subjectId: person.id,
      details: { cohort: cohort.name, status },
    });
    return status;
  }

  async function enrolmentOf(actor: SessionUser, enrolmentId: number) {
    if (!Number.isInteger(enrolmentId)) throw new NotFound();
    const [row] = await db
      .select({ enrolment: enrolments, person: users })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(eq(enrolments.id, enrolmentId));
    if (!row) throw new NotFound();
    const access = await reachCohort(db, actor, row.enrolment.cohortId);
    if (!canWithdraw(access, row.enrolment.municipalityId)) throw new NotFound();
    return { ...row, access };
  }

  return { deps, cohortLink, send, nominationScope, place, enrolmentOf, db, clock };
}
export type EnrolmentContext = ReturnType<typeof enrolmentContext>;
