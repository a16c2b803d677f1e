import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import { recordAudit } from '../../platform/audit';
import { NotFound } from '../../platform/errors';
import { cohortPhrase, t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { cohortMunicipalities, cohorts } from '../cohorts/table';
import { cohortCompletion } from '../completion/queries';
import { SEAT_HOLDING } from '../enrolment/table';
import { canWriteToAtRisk } from './access';
import { atRiskMessages } from './table';
import { fullName } from '../../platform/names';

export type AtRiskRow = {
  cohort: { id: number; name: string };
  person: { id: number; firstName: string; lastName: string; email: string };
  municipality: string;
  municipalityId: number;
  missing: string[];
  messagedAt: Date | null;
};

/**
 * "Abschluss gefährdet": people holding a seat whose certificate is out of reach by the rule. They appear on the lists
 * of the SPI-Team and of their coordinator; nobody is told automatically. The SPI-Team decides whether to write, with
 * a friendly text it can edit and an honest subject.
 */
export function atRiskService(deps: { db: Db; clock: Clock; mailer: Mailer; baseUrl: string }) {
  const { db, clock } = deps;

  /** The cohorts whose people the actor may follow, with the municipality they are limited to (coordinators). */
  async function cohortsInReach(
    actor: SessionUser,
  ): Promise<Array<{ id: number; name: string; municipalityId?: number }>> {
    const open = ne(cohorts.status, 'abgeschlossen');
    if (actor.role === 'admin') return db.select({ id: cohorts.id, name: cohorts.name }).from(cohorts).where(open);
    if (actor.role === 'coordinator' && actor.municipalityId !== null) {
      const rows = await db
        .select({ id: cohorts.id, name: cohorts.name })
        .from(cohorts)
        .innerJoin(cohortMunicipalities, eq(cohortMunicipalities.cohortId, cohorts.id))
        .where(and(open, eq(cohortMunicipalities.municipalityId, actor.municipalityId)));
      return rows.map((r) => ({ ...r, municipalityId: actor.municipalityId! }));
    }
    throw new NotFound();
  }

  async function list(actor: SessionUser): Promise<AtRiskRow[]> {
    const now = clock.now();
    const out: AtRiskRow[] = [];
    for (const c of await cohortsInReach(actor)) {
      const data = await cohortCompletion(
        db,
        c.id,
        now,
        c.municipalityId !== undefined ? { municipalityId: c.municipalityId } : {},
      );
      const lost = data.rows.filter((r) => !r.ledger.reachable && SEAT_HOLDING.includes(r.enrolment.status));
      if (lost.length === 0) continue;
      const messages = await db
        .select()
        .from(atRiskMessages)
        .where(
          and(
            eq(atRiskMessages.cohortId, c.id),
            inArray(
              atRiskMessages.userId,
              lost.map((r) => r.person.id),
            ),
          ),
        );
      for (const r of lost) {
        out.push({
          cohort: c,
          person: r.person,
          municipality: r.municipality,
          municipalityId: r.municipalityId,
          missing: r.completion.missing,
          messagedAt: messages.find((m) => m.userId === r.person.id)?.sentAt ?? null,
        });
      }
    }
    return out;
  }

  /** One person at risk, for the SPI-Team's message form; anyone not at risk (any more) is 404. */
  async function one(actor: SessionUser, cohortId: number, userId: number): Promise<AtRiskRow> {
    if (!canWriteToAtRisk(actor)) throw new NotFound();
    const [c] = await db.select({ id: cohorts.id, name: cohorts.name }).from(cohorts).where(eq(cohorts.id, cohortId));
    if (!c) throw new NotFound();
    const data = await cohortCompletion(db, c.id, clock.now(), { userId });
    const r = data.rows[0];
    if (!r || r.ledger.reachable || !SEAT_HOLDING.includes(r.enrolment.status)) throw new NotFound();
    const [m] = await db
      .select()
      .from(atRiskMessages)
      .where(and(eq(atRiskMessages.cohortId, c.id), eq(atRiskMessages.userId, userId)));
    return {
      cohort: c,
      person: r.person,
      municipality: r.municipality,
      municipalityId: r.municipalityId,
      missing: r.completion.missing,
      messagedAt: m?.sentAt ?? null,
    };
  }

  return {
    list,
    one,
    count: async (actor: SessionUser) => (await list(actor)).length,

    /** The text the form starts with: encouraging, concrete, and honest in its subject. */
    draft(row: AtRiskRow, sender: SessionUser) {
      return {
        subject: t('atRisk.mail.subject', { cohort: row.cohort.name }),
        text: t('atRisk.mail.body', {
          name: fullName(row.person),
          durchgang: cohortPhrase(row.cohort.name),
          missing: row.missing.join(', '),
          link: `${deps.baseUrl}/attendance`,
          sender: fullName(sender),
        }),
      };
    },

    /** Sends the SPI-Team's message (through the outbox, in the same transaction as the record and the audit row). */
    async send(
      actor: SessionUser,
      cohortId: number,
      userId: number,
      mail: { subject: string; text: string; copyCoordinators: boolean },
    ): Promise<{ name: string }> {
      const row = await one(actor, cohortId, userId);
      const coordinators = mail.copyCoordinators
        ? await db
            .select({ email: users.email })
            .from(users)
            .where(
              and(eq(users.role, 'coordinator'), eq(users.active, true), eq(users.municipalityId, row.municipalityId)),
            )
        : [];
      const now = clock.now();
      await db.transaction(async (tx) => {
        await deps.mailer.send(
          { to: row.person.email, subject: mail.subject, text: mail.text + t('common.mailSignature') },
          tx,
        );
        for (const c of coordinators)
          await deps.mailer.send(
            {
              to: c.email,
              subject: t('atRisk.mail.copySubject', { subject: mail.subject }),
              text: mail.text + t('common.mailSignature'),
            },
            tx,
          );
        await tx
          .insert(atRiskMessages)
          .values({ cohortId, userId, sentAt: now, sentById: actor.id, subject: mail.subject })
          .onConflictDoUpdate({
            target: [atRiskMessages.cohortId, atRiskMessages.userId],
            set: { sentAt: now, sentById: actor.id, subject: mail.subject },
          });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'completion.at_risk_message',
          subjectType: 'user',
          subjectId: userId,
          details: { cohort: row.cohort.name, subject: mail.subject, copies: coordinators.length },
        });
      });
      return { name: fullName(row.person) };
    },
  };
}
export type AtRiskService = ReturnType<typeof atRiskService>;
