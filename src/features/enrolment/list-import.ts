import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Mail } from '../../platform/mail/mailer';
import { recordAudit } from '../../platform/audit';
import { Conflict, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { enrolmentImports, enrolments, type ImportRow } from './table';
import { lockCohort, seatCounts } from './seats';
import { enrolmentMails } from './mails';
import { readList, sectorOf, type ListRow } from './list-file';
import type { EnrolmentContext } from './context';
import { ACTIVE, EMAIL } from './context';

/** Nominating from a CSV or XLSX list: preview (rows checked, never the file kept), then confirmation. */
export function listImport(ctx: EnrolmentContext) {
  const { deps, cohortLink, send, nominationScope, place, db, clock } = ctx;

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
    /** Previews nobody confirmed are of no use after a day (the period is content/aufbewahrung.md's); they hold personal data, so they go (a housekeeping job). */
    async deleteStaleImports(maxAgeMs: number): Promise<number> {
      const before = new Date(clock.now().getTime() - maxAgeMs);
      return (
        await db
          .delete(enrolmentImports)
          .where(lt(enrolmentImports.createdAt, before))
          .returning({ id: enrolmentImports.id })
      ).length;
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
  };
}
