import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mail, Mailer } from '../../platform/mail/mailer';
import { recordAudit } from '../../platform/audit';
import { Conflict, FormError, NotFound, pgError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import type { AccountsService } from '../accounts/service';
import { users, type User } from '../accounts/table';
import { municipalities } from '../municipalities/table';
import { cohortMunicipalities, cohorts, type Cohort } from '../cohorts/table';
import {
  canDecideEnrolments,
  canManageCohort,
  canNominate,
  canWithdraw,
  reachCohort,
  type CohortAccess,
} from '../cohorts/access';
import { participantsOf } from '../cohorts/queries';
import {
  enrolmentImports,
  enrolments,
  SEAT_HOLDING,
  type Enrolment,
  type EnrolmentStatus,
  type ImportRow,
} from './table';
import { lockCohort, placeFor, promoteWaitlisted, seatCounts, type Promotion } from './seats';
import { enrolmentMails } from './mails';
import { readList, sectorOf, type ListRow } from './list-file';
import type { EnrolmentFilterInput, NominateNewInput } from './schemas';
import { fullName } from '../../platform/names';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACTIVE: EnrolmentStatus[] = ['nominiert', 'bestaetigt', 'warteliste'];
const IMPORT_KEEP_MS = 24 * 60 * 60_000;

type Deps = { db: Db; clock: Clock; mailer: Mailer; logger: Logger; accounts: AccountsService; baseUrl: string };

/** Confirming someone from the waiting list would exceed their municipality's quota: asked again, never done silently. */
export class BeyondQuota extends Conflict {
  constructor(
    readonly held: number,
    readonly quota: number,
  ) {
    super(t('enrolment.msg.beyondQuota', { held, quota }));
  }
}

export function enrolmentService(deps: Deps) {
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

  async function checkPerson(cohortId: number, municipalityId: number | null, userId: number): Promise<User> {
    const [person] = await db.select().from(users).where(eq(users.id, userId));
    // People outside the coordinator's municipality do not exist for them.
    if (!person || (municipalityId !== null && person.municipalityId !== municipalityId)) throw new NotFound();
    if (person.role !== 'trainee' || !person.active) throw FormError.field('userId', t('enrolment.msg.notNominable'));
    const [part] = await db
      .select({ quota: cohortMunicipalities.quota })
      .from(cohortMunicipalities)
      .where(
        and(
          eq(cohortMunicipalities.cohortId, cohortId),
          eq(cohortMunicipalities.municipalityId, person.municipalityId!),
        ),
      );
    if (!part) throw FormError.field('userId', t('enrolment.msg.municipalityNotInCohort'));
    return person;
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

  /** Validates list rows against the file itself and the database; the same check runs for preview and confirmation. */
  async function checkRows(tx: Db, cohortId: number, municipalityId: number, rows: ListRow[]): Promise<ImportRow[]> {
    const emails = [...new Set(rows.map((r) => r.email.toLowerCase()).filter((e) => EMAIL.test(e)))];
    const known = emails.length
      ? await tx
          .select({ user: users, status: enrolments.status })
          .from(users)
          .leftJoin(enrolments, and(eq(enrolments.userId, users.id), eq(enrolments.cohortId, cohortId)))
          .where(inArray(sql`lower(${users.email})`, emails))
      : [];
    const byEmail = new Map(known.map((k) => [k.user.email.toLowerCase(), k]));
    const firstLine = new Map<string, number>();
    return rows.map((r) => {
      const errors: string[] = [];
      const email = r.email.toLowerCase();
      if (!r.firstName) errors.push(t('enrolment.row.firstNameMissing'));
      if (!r.lastName) errors.push(t('enrolment.row.lastNameMissing'));
      if (r.firstName.length > 100 || r.lastName.length > 100 || r.organisation.length > 200 || r.jobTitle.length > 200)
        errors.push(t('enrolment.row.tooLong'));
      if (!r.email) errors.push(t('enrolment.row.emailMissing'));
      else if (!EMAIL.test(r.email) || r.email.length > 254)
        errors.push(t('enrolment.row.emailInvalid', { email: r.email }));
      if (!r.sector) errors.push(t('enrolment.row.sectorMissing'));
      else if (!sectorOf(r.sector)) errors.push(t('enrolment.row.sectorUnknown', { sector: r.sector }));
      if (email && firstLine.has(email)) errors.push(t('enrolment.row.duplicate', { line: firstLine.get(email)! }));
      else if (email) firstLine.set(email, r.line);
      const k = byEmail.get(email);
      if (k) {
        if (k.user.role !== 'trainee' || k.user.municipalityId !== municipalityId)
          errors.push(t('enrolment.row.otherAccount'));
        else if (!k.user.active) errors.push(t('enrolment.row.inactive'));
        if (k.status && ACTIVE.includes(k.status))
          errors.push(t('enrolment.row.alreadyEnrolled', { status: t(`enrolment.status.${k.status}`) }));
      }
      return { ...r, existing: !!k, errors };
    });
  }

  return {
    nominationScope,

    /** What the nomination page shows: who may nominate for which municipality, and the seats as they are. */
    async nominationPage(actor: SessionUser, cohortId: number) {
      const scope = await nominationScope(actor, cohortId);
      return { ...scope, counts: await seatCounts(db, scope.access.cohort) };
    },

    /** Trainees who could be nominated: of the coordinator's municipality (SPI-Team: of all participating ones), not enrolled yet. */
    async candidates(access: CohortAccess) {
      const scope =
        access.as === 'coordinate'
          ? sql`${users.municipalityId} = ${access.municipalityId}`
          : sql`${users.municipalityId} in (select municipality_id from cohort_municipalities where cohort_id = ${access.cohort.id})`;
      return db
        .select({
          id: users.id,
          firstName: users.firstName,
          lastName: users.lastName,
          email: users.email,
          municipality: municipalities.name,
        })
        .from(users)
        .innerJoin(municipalities, eq(municipalities.id, users.municipalityId))
        .where(
          and(
            eq(users.role, 'trainee'),
            eq(users.active, true),
            scope,
            sql`not exists (select 1 from enrolments e where e.user_id = ${users.id} and e.cohort_id = ${access.cohort.id} and e.status in ('nominiert', 'bestaetigt', 'warteliste'))`,
          ),
        )
        .orderBy(asc(users.sortName));
    },

    async nominateExisting(
      actor: SessionUser,
      cohortId: number,
      userId: number,
    ): Promise<{ name: string; status: EnrolmentStatus }> {
      const { municipalityId } = await nominationScope(actor, cohortId);
      const person = await checkPerson(cohortId, municipalityId, userId);
      const { cohort, status } = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, cohortId);
        return { cohort, status: await place(tx, actor, cohort, person, clock.now()) };
      });
      await send([enrolmentMails.nominated(person, cohort.name, status === 'warteliste', cohortLink(cohort.id))]);
      return { name: fullName(person), status };
    },

    /** Creates the person (trainee of the coordinator's municipality), invites them and nominates them, in one transaction. */
    async nominateNew(
      actor: SessionUser,
      cohortId: number,
      input: NominateNewInput,
    ): Promise<{ name: string; status: EnrolmentStatus }> {
      const { municipalityId } = await nominationScope(actor, cohortId);
      if (municipalityId === null) throw new NotFound();
      let result: { cohort: Cohort; status: EnrolmentStatus };
      try {
        result = await db.transaction(async (tx) => {
          const cohort = await lockCohort(tx, cohortId);
          const person = await deps.accounts.createInvited(tx, actor, { ...input, role: 'trainee', municipalityId });
          return { cohort, status: await place(tx, actor, cohort, person, clock.now()) };
        });
      } catch (err) {
        const pg = pgError(err);
        if (pg?.code === '23505' && pg.constraint === 'users_email_key')
          throw FormError.field('email', t('enrolment.msg.emailExists'));
        throw err;
      }
      await send([
        enrolmentMails.nominated(input, result.cohort.name, result.status === 'warteliste', cohortLink(cohortId)),
      ]);
      return { name: fullName(input), status: result.status };
    },

    /** Reads an uploaded list and keeps its rows (never the file) for the preview. */
    async preview(
      actor: SessionUser,
      cohortId: number,
      file: { originalname: string; buffer: Buffer },
    ): Promise<number> {
      const { municipalityId } = await nominationScope(actor, cohortId);
      if (municipalityId === null) throw new NotFound();
      const rows = await readList(file.buffer);
      const checked = await checkRows(db, cohortId, municipalityId, rows);
      const now = clock.now();
      return db.transaction(async (tx) => {
        // Previews nobody confirmed are of no use after a day; they hold personal data, so they go.
        await tx
          .delete(enrolmentImports)
          .where(lt(enrolmentImports.createdAt, new Date(now.getTime() - IMPORT_KEEP_MS)));
        const [row] = await tx
          .insert(enrolmentImports)
          .values({
            cohortId,
            municipalityId,
            createdById: actor.id,
            fileName: file.originalname.slice(0, 200),
            rows: checked,
            createdAt: now,
          })
          .returning({ id: enrolmentImports.id });
        return row!.id;
      });
    },

    /** The preview, checked again against the database as it is now. */
    async importPreview(actor: SessionUser, cohortId: number, importId: number) {
      const { access, municipalityId } = await nominationScope(actor, cohortId);
      const [imp] = Number.isInteger(importId)
        ? await db
            .select()
            .from(enrolmentImports)
            .where(
              and(
                eq(enrolmentImports.id, importId),
                eq(enrolmentImports.cohortId, cohortId),
                eq(enrolmentImports.createdById, actor.id),
              ),
            )
        : [];
      if (!imp || municipalityId === null) throw new NotFound();
      const rows = imp.confirmedAt ? imp.rows : await checkRows(db, cohortId, municipalityId, imp.rows);
      const counts = await seatCounts(db, access.cohort);
      const mine = counts.byMunicipality.get(municipalityId);
      const free = Math.max(0, Math.min(counts.seats - counts.held, (mine?.quota ?? 0) - (mine?.held ?? 0)));
      const valid = rows.filter((r) => r.errors.length === 0).length;
      return { imp, rows, valid, seatsFree: free, access };
    },

    /** Imports every valid row in one transaction; rows that became invalid since the preview are skipped. */
    async confirmImport(
      actor: SessionUser,
      cohortId: number,
      importId: number,
    ): Promise<{ seats: number; waitlisted: number; skipped: number }> {
      const { municipalityId } = await nominationScope(actor, cohortId);
      if (municipalityId === null || !Number.isInteger(importId)) throw new NotFound();
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const cohort = await lockCohort(tx, cohortId);
        const [imp] = await tx
          .select()
          .from(enrolmentImports)
          .where(
            and(
              eq(enrolmentImports.id, importId),
              eq(enrolmentImports.cohortId, cohortId),
              eq(enrolmentImports.createdById, actor.id),
            ),
          )
          .for('update');
        if (!imp) throw new NotFound();
        if (imp.confirmedAt) throw new Conflict(t('enrolment.msg.importDone'));
        const rows = await checkRows(tx, cohortId, municipalityId, imp.rows);
        const mails: Mail[] = [];
        let seats = 0;
        let waitlisted = 0;
        for (const r of rows.filter((x) => x.errors.length === 0)) {
          let [person] = await tx
            .select()
            .from(users)
            .where(eq(sql`lower(${users.email})`, r.email.toLowerCase()));
          if (!person) {
            const values = {
              firstName: r.firstName,
              lastName: r.lastName,
              email: r.email,
              organisation: r.organisation,
              jobTitle: r.jobTitle,
              sector: sectorOf(r.sector)!,
              role: 'trainee' as const,
              municipalityId,
            };
            person = await deps.accounts.createInvited(tx, actor, values, { source: imp.fileName });
          }
          const status = await place(tx, actor, cohort, person!, now);
          if (status === 'warteliste') waitlisted++;
          else seats++;
          mails.push(enrolmentMails.nominated(person!, cohort.name, status === 'warteliste', cohortLink(cohortId)));
        }
        await tx.update(enrolmentImports).set({ confirmedAt: now, rows }).where(eq(enrolmentImports.id, importId));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'enrolment.imported',
          subjectType: 'cohort',
          subjectId: cohortId,
          details: { file: imp.fileName, seats, waitlisted, skipped: rows.length - seats - waitlisted },
        });
        return { mails, seats, waitlisted, skipped: rows.length - seats - waitlisted };
      });
      await send(outcome.mails);
      return { seats: outcome.seats, waitlisted: outcome.waitlisted, skipped: outcome.skipped };
    },

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

    enrolmentOf,

    /** For cohorts: more seats or a larger quota move people up, inside the caller's transaction (see seats.ts). */
    promoteWaitlisted: (tx: Db, cohort: Cohort, now: Date) => promoteWaitlisted(tx, cohort, now),

    /** A person's enrolments across cohorts, newest cohort first (the person page). */
    ofPerson: (userId: number) =>
      db
        .select({ enrolment: enrolments, cohort: { id: cohorts.id, name: cohorts.name, status: cohorts.status } })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(enrolments.userId, userId))
        .orderBy(desc(cohorts.startsOn)),

    /** Nominations waiting for the SPI-Team's decision, per cohort. */
    waitingDecisions: () =>
      db
        .select({ cohortId: cohorts.id, cohortName: cohorts.name, n: sql<number>`count(*)::int` })
        .from(enrolments)
        .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(eq(enrolments.status, 'nominiert'))
        .groupBy(cohorts.id, cohorts.name)
        .orderBy(asc(cohorts.name)),

    /** A coordinator's people across cohorts (SPI-Team: everyone), with their enrolment status. */
    async overview(actor: SessionUser, filter: EnrolmentFilterInput) {
      const where = [eq(users.role, 'trainee')];
      if (actor.role === 'coordinator') where.push(eq(users.municipalityId, actor.municipalityId ?? -1));
      if (filter.cohort !== null) where.push(eq(enrolments.cohortId, filter.cohort));
      if (filter.status === 'keine') where.push(sql`${enrolments.id} is null`);
      else if (filter.status !== null) where.push(eq(enrolments.status, filter.status));
      return db
        .select({
          person: {
            id: users.id,
            firstName: users.firstName,
            lastName: users.lastName,
            organisation: users.organisation,
            sector: users.sector,
            active: users.active,
          },
          municipality: municipalities.name,
          enrolment: {
            id: enrolments.id,
            status: enrolments.status,
            reason: enrolments.reason,
            nominatedAt: enrolments.nominatedAt,
            municipalityId: enrolments.municipalityId,
          },
          cohort: { id: cohorts.id, name: cohorts.name },
        })
        .from(users)
        .innerJoin(municipalities, eq(municipalities.id, users.municipalityId))
        .leftJoin(enrolments, eq(enrolments.userId, users.id))
        .leftJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
        .where(and(...where))
        .orderBy(asc(users.sortName), desc(cohorts.startsOn))
        .limit(2000);
    },

    /** Participants as rows for CSV/XLSX: the SPI-Team gets everyone, a coordinator their municipality. */
    async exportRows(access: CohortAccess): Promise<{ header: string[]; rows: string[][] }> {
      if (!canManageCohort(access) && access.as !== 'coordinate') throw new NotFound(); // participant lists: SPI-Team, and coordinators for their people
      const list = await participantsOf(
        db,
        access.cohort.id,
        access.as === 'coordinate' ? { municipalityId: access.municipalityId } : {},
      );
      const header = [
        'Nachname',
        'Vorname',
        'E-Mail',
        'Kommune',
        'Organisation',
        'Funktion',
        'Sektor',
        'Status',
        'Grund',
      ];
      const rows = list.map((p) => [
        p.person.lastName,
        p.person.firstName,
        p.person.email,
        p.municipality,
        p.person.organisation,
        p.person.jobTitle,
        p.person.sector ? t(`sectors.${p.person.sector}`) : '',
        t(`enrolment.status.${p.enrolment.status}`),
        p.enrolment.reason,
      ]);
      return { header, rows };
    },
  };
}
export type EnrolmentService = ReturnType<typeof enrolmentService>;
export type { Promotion } from './seats';
