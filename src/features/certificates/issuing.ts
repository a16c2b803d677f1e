import { berlinToday } from '../../platform/time';
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Conflict, pgError } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { renderCertificate } from './render';
import {
  certificateEvents,
  certificateNumbers,
  certificates,
  type Certificate,
  type CertificateContent,
  type CertificateKind,
} from './table';
import type { CertificateContext } from './context';
import { type IssueTarget } from './eligibility';
import { contentFor, holders as holdersOfCall } from './content';
import { newCode } from './codes';

/** Issuing certificates, and correcting or revoking one: each step in the register with its event. */
export function issuing(ctx: CertificateContext) {
  const { deps, db, clock, files, verifyUrl, requireAdmin, get, eligibility } = ctx;

  /** Renders, stores and registers one certificate. Issuing what is already validly issued returns that one. */
  async function issueOne(
    actor: SessionUser,
    cohortId: number,
    target: IssueTarget,
    content: CertificateContent,
    replaces?: Certificate,
  ): Promise<{ certificate: Certificate; created: boolean }> {
    const offeringRef = target.offeringId ?? 0;
    const existing = async () =>
      (
        await db
          .select()
          .from(certificates)
          .where(
            and(
              eq(certificates.userId, target.userId),
              eq(certificates.kind, target.kind),
              eq(certificates.cohortId, cohortId),
              eq(certificates.offeringRef, offeringRef),
              eq(certificates.state, 'gueltig'),
            ),
          )
      )[0];
    if (!replaces) {
      const found = await existing();
      if (found) return { certificate: found, created: false };
    }
    const year = berlinToday(clock.now()).slice(0, 4);
    // both drivers answer execute() with { rows }
    const seq = (await db.execute(sql`select nextval(${certificateNumbers.seqName})::int as n`)) as unknown as {
      rows: Array<{ n: number }>;
    };
    const n = seq.rows[0]!.n;
    const number = `KOKOMA-${year}-${String(n).padStart(6, '0')}`;
    const code = newCode();
    const pdf = await renderCertificate({
      kind: target.kind,
      number,
      verifyUrl: verifyUrl(code),
      content,
      logos: deps.logos,
    });
    const { key } = await files.put(pdf);
    const now = clock.now();
    try {
      const certificate = await db.transaction(async (tx) => {
        if (replaces) await tx.update(certificates).set({ state: 'ersetzt' }).where(eq(certificates.id, replaces.id));
        const [row] = await tx
          .insert(certificates)
          .values({
            number,
            code,
            kind: target.kind,
            userId: target.userId,
            cohortId,
            offeringRef,
            content,
            storageKey: key,
            sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
            issuedAt: now,
            issuedById: actor.id,
            replacesId: replaces?.id ?? null,
          })
          .returning();
        if (replaces) {
          await tx.update(certificates).set({ replacedById: row!.id }).where(eq(certificates.id, replaces.id));
          await tx.insert(certificateEvents).values({
            certificateId: replaces.id,
            action: 'ersetzt',
            actorId: actor.id,
            at: now,
            details: { by: number },
          });
        }
        await tx.insert(certificateEvents).values({
          certificateId: row!.id,
          action: replaces ? 'korrigiert' : 'ausgestellt',
          actorId: actor.id,
          at: now,
          details: replaces ? { replaces: replaces.number } : {},
        });
        return row!;
      });
      return { certificate, created: true };
    } catch (err) {
      await files.remove(key).catch(() => undefined);
      // someone else issued the same certificate a moment earlier: theirs counts, ours never existed
      if (pgError(err)?.code === '23505' && !replaces) {
        const found = await existing();
        if (found) return { certificate: found, created: false };
      }
      throw err;
    }
  }

  return {
    eligibility: async (actor: SessionUser, cohortId: number) => {
      requireAdmin(actor);
      return eligibility(cohortId);
    },

    /**
     * Issues the given certificates, each in its own transaction; `onEach` hears of every one (the bulk run's progress).
     * Idempotent, also under concurrent calls: what is validly issued already is returned, not issued again.
     */
    async issue(
      actor: SessionUser,
      cohortId: number,
      targets: IssueTarget[],
      onEach?: (r: { created: boolean }) => Promise<void>,
    ): Promise<{ created: number; existing: number }> {
      requireAdmin(actor);
      const rows = await eligibility(cohortId);
      const work = targets.map((target) => {
        const row = rows.find((r) => r.person.id === target.userId);
        if (!row || !row.targets.some((x) => x.kind === target.kind && x.offeringId === target.offeringId))
          throw new Conflict(t('certificates.msg.notEligible'));
        return { target, row };
      });
      const who = await holdersOfCall(
        db,
        cohortId,
        targets.map((x) => x.userId),
      );
      let created = 0;
      let existing = 0;
      let failure: { error: unknown } | undefined;
      // two at a time: one renders its PDF (CPU) while the other's file and database writes are under way
      const worker = async () => {
        for (let next = work.shift(); next && !failure; next = work.shift()) {
          try {
            const r = await issueOne(
              actor,
              cohortId,
              next.target,
              contentFor(
                who.person(next.target.userId),
                who.cohortName,
                next.target,
                next.row,
                who.topics,
                deps,
                clock.now(),
              ),
            );
            if (r.created) created++;
            else existing++;
            await onEach?.(r);
          } catch (error) {
            failure ??= { error };
          }
        }
      };
      await Promise.all([worker(), worker()]);
      if (failure) throw failure.error;
      return { created, existing };
    },

    /**
     * What the cohort's people may get and do not have yet (of one kind, or all): what a bulk run issues. A revoked
     * certificate is not open: issuing it again is a decision per person, never part of a bulk run.
     */
    async openTargets(actor: SessionUser, cohortId: number, kind: CertificateKind | null): Promise<IssueTarget[]> {
      requireAdmin(actor);
      return (await eligibility(cohortId)).flatMap((r) =>
        r.targets
          .filter((x) => !x.issued && !x.revoked && (!kind || x.kind === kind))
          .map((x) => ({ userId: x.userId, kind: x.kind, offeringId: x.offeringId })),
      );
    },

    /** A corrected version with today's data (e.g. a new name); the old one is marked "ersetzt" and points to it. */
    async correct(actor: SessionUser, id: number, reason: string): Promise<Certificate> {
      requireAdmin(actor);
      const old = await get(id);
      if (old.state !== 'gueltig') throw new Conflict(t('certificates.msg.notValid'));
      const rows = await eligibility(old.cohortId);
      const row = rows.find((r) => r.person.id === old.userId);
      if (!row) throw new Conflict(t('certificates.msg.notEligible'));
      const target = { userId: old.userId, kind: old.kind, offeringId: old.offeringRef || null };
      const who = await holdersOfCall(db, old.cohortId, [old.userId]);
      const { certificate } = await issueOne(
        actor,
        old.cohortId,
        target,
        contentFor(who.person(old.userId), who.cohortName, target, row, who.topics, deps, clock.now()),
        old,
      );
      await db.insert(certificateEvents).values({
        certificateId: certificate.id,
        action: 'grund',
        actorId: actor.id,
        at: clock.now(),
        details: { reason },
      });
      return certificate;
    },

    async revoke(actor: SessionUser, id: number, reason: string): Promise<Certificate> {
      requireAdmin(actor);
      const c = await get(id);
      if (c.state !== 'gueltig') throw new Conflict(t('certificates.msg.notValid'));
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx
          .update(certificates)
          .set({ state: 'widerrufen', revokedAt: now, revokeReason: reason })
          .where(eq(certificates.id, id));
        await tx
          .insert(certificateEvents)
          .values({ certificateId: id, action: 'widerrufen', actorId: actor.id, at: now, details: { reason } });
      });
      return { ...c, state: 'widerrufen' };
    },
  };
}
